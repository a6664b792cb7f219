// Times in Korea Standard Time (UTC+9, no daylight saving), as the contract wants.

export const KST_OFFSET_MS = 9 * 3_600_000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** `2026-11-23T09:41:07+09:00`: whole seconds, KST offset. */
export function isoKst(date: Date | number): string {
  const ms = typeof date === 'number' ? date : date.getTime();
  return new Date(ms + KST_OFFSET_MS).toISOString().slice(0, 19) + '+09:00';
}

/** Wall-clock fields of an instant in KST (month is 1–12, weekday 0 = Sunday). */
export function kstParts(date: Date | number): { year: number; month: number; day: number; hour: number; minute: number; weekday: number } {
  const d = new Date((typeof date === 'number' ? date : date.getTime()) + KST_OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), weekday: d.getUTCDay() };
}

/** Fractional hour of the KST day, 0 ≤ h < 24. */
export function kstHourOfDay(ms: number): number {
  return (((ms + KST_OFFSET_MS) % DAY) + DAY) % DAY / HOUR;
}

/** The instant of KST midnight starting the day that contains `ms`. */
export function kstDayStart(ms: number): number {
  return ms - ((((ms + KST_OFFSET_MS) % DAY) + DAY) % DAY);
}

/** A calendar month, counted as year * 12 + (month - 1) so arithmetic is easy. */
export type MonthIndex = number;

export function monthIndexOf(date: Date | number): MonthIndex {
  const { year, month } = kstParts(date);
  return year * 12 + month - 1;
}

/** `YYYY-MM`, the contract's period of a month. */
export function periodOf(m: MonthIndex): string {
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
}

/** Calendar month 1–12 of a month index. */
export function monthOfYear(m: MonthIndex): number {
  return (m % 12) + 1;
}

/** The instant of KST midnight on the first day of month `m`. */
export function monthStart(m: MonthIndex): number {
  return Date.UTC(Math.floor(m / 12), m % 12, 1) - KST_OFFSET_MS;
}

/** `YYYYMMDD` of the KST day containing `ms`, as in incident ids. */
export function kstDateStamp(ms: number): string {
  const { year, month, day } = kstParts(ms);
  return `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
}
