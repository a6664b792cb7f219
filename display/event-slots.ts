// How many live-update streams may be open: in total, and per non-loopback
// address (a crowd of anonymous public viewers, or one hostile client, cannot
// take every slot). Loopback (the kiosk) is never refused for its address.
export class EventSlots {
  private total = 0;
  private readonly perAddress = new Map<string, number>();

  constructor(private readonly max: number, private readonly maxPerAddress: number) {}

  /** Takes a slot for `address` (null = loopback), or null when full; the returned function gives it back. */
  take(address: string | null): (() => void) | null {
    if (this.total >= this.max) return null;
    if (address !== null && (this.perAddress.get(address) ?? 0) >= this.maxPerAddress) return null;
    this.total++;
    if (address !== null) this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.total--;
      if (address === null) return;
      const n = (this.perAddress.get(address) ?? 1) - 1;
      if (n <= 0) this.perAddress.delete(address);
      else this.perAddress.set(address, n);
    };
  }

  get size(): number {
    return this.total;
  }
}
