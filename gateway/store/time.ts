/** Epoch ms of an ISO-8601 time with offset; NaN when unparseable. */
export function isoToMs(iso: string): number {
  return Date.parse(iso);
}

