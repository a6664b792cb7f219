/** Epoch ms of an ISO-8601 time with offset; NaN when unparseable. */
export function isoToMs(iso: string): number {
  return Date.parse(iso);
}

/** ISO-8601 in the given fixed offset (minutes east of UTC), e.g. +09:00 for KST. */
export function isoWithOffset(ms: number, offsetMinutes = 540): string {
  const d = new Date(ms + offsetMinutes * 60_000);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return d.toISOString().replace(/\.\d{3}Z$/, off);
}
