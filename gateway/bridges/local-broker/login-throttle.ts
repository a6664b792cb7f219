// Failed logins, throttled per source address: the first few failures are
// free; after them the address is refused without a password check for a
// time that doubles with each further failure, up to a ceiling. Attempts made
// while refused do not count (they cannot extend the wait). A success clears
// the address. Pure (a clock is passed in), bounded in addresses.

export interface LoginThrottleOptions {
  /** Failures allowed before the first wait. */
  freeFailures: number;
  /** The first wait (ms); each further failure doubles it. */
  initialMs: number;
  /** The longest wait (ms). */
  maxMs: number;
  /** Addresses remembered; past it the least recently failing is forgotten. */
  maxAddresses?: number;
  now?: () => number;
}

interface Record { failures: number; until: number; last: number }

export const DEFAULT_MAX_ADDRESSES = 4096;

/** The address a client connects from, IPv4-mapped IPv6 written as IPv4 (one key per host). */
export function addressKey(address: string | undefined): string {
  if (!address) return '(unknown)';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export class LoginThrottle {
  private readonly records = new Map<string, Record>();
  private readonly now: () => number;
  private readonly maxAddresses: number;

  constructor(private readonly opts: LoginThrottleOptions) {
    this.now = opts.now ?? Date.now;
    this.maxAddresses = opts.maxAddresses ?? DEFAULT_MAX_ADDRESSES;
  }

  get size(): number {
    return this.records.size;
  }

  /** Milliseconds this address must still wait before its next login is checked; 0 when it may try. */
  waitMs(address: string): number {
    const r = this.records.get(address);
    if (!r) return 0;
    const t = this.now();
    if (this.stale(r, t)) {
      this.records.delete(address);
      return 0;
    }
    return Math.max(0, r.until - t);
  }

  /** Records a failed login; returns the wait now imposed on the address (0 while failures are free). */
  failure(address: string): number {
    const t = this.now();
    let r = this.records.get(address);
    if (r && this.stale(r, t)) r = undefined;
    this.records.delete(address);
    r ??= { failures: 0, until: 0, last: t };
    r.failures++;
    r.last = t;
    const over = r.failures - this.opts.freeFailures;
    const wait = over > 0 ? Math.min(this.opts.maxMs, this.opts.initialMs * 2 ** Math.min(over - 1, 30)) : 0;
    r.until = t + wait;
    this.records.set(address, r);
    while (this.records.size > this.maxAddresses) this.records.delete(this.records.keys().next().value!);
    return wait;
  }

  success(address: string): void {
    this.records.delete(address);
  }

  /** A record is forgotten once the longest wait has passed twice over since its last failure. */
  private stale(r: Record, t: number): boolean {
    return t - r.last > 2 * this.opts.maxMs && t >= r.until;
  }
}
