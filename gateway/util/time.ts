// Times as the office reads them, in its time zone (config office.timezone,
// an IANA name checked when the config loads): the one place that formats them.

/** office.timezone when the config names none. */
export const DEFAULT_TIME_ZONE = 'Asia/Seoul';

/** Formatters are costly to build; a gateway uses one or two zones. Bounded all the same. */
const MAX_FORMATTERS = 32;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(key);
  if (!f) {
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(key, (f = make()));
  }
  return f;
}

/** Whether Intl knows `name` as a time zone (an IANA name such as Asia/Seoul, or UTC). */
export function isTimeZone(name: string): boolean {
  // Node 24's Intl also takes a UTC offset ("+09:00"), Node 20's does not:
  // an offset is refused on both, so a config means the same on either.
  if (/^[+-]/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at that instant, as ±HH:MM (daylight saving included). */
export function zoneOffset(ms: number, timeZone: string): string {
  const name = formatter(`offset:${timeZone}`, () => new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }))
    .formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT([+-]\d{2}:\d{2})$/.exec(name);
  return m ? m[1]! : '+00:00';
}

/** ISO-8601 to the second with the zone's offset, e.g. 2026-11-29T10:00:00+09:00. */
export function isoInZone(ms: number, timeZone: string): string {
  const offset = zoneOffset(ms, timeZone);
  const minutes = (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return new Date(ms + minutes * 60_000).toISOString().replace(/\.\d{3}Z$/, offset);
}

/** HH:MM on a 24-hour clock in the zone. */
export function clockInZone(ms: number, timeZone: string): string {
  return formatter(`clock:${timeZone}`, () => new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone })).format(ms);
}
