// Connections that have not authenticated yet, bounded apart from the
// authenticated ones: at most `max` at once; a new connection over the bound
// closes the oldest one of the address holding the most. Idle or slow
// handshakes (a port scanner, a flood of bare TCP connections) so cost the
// newest of their own kind their place, never an authenticated device its
// place, and a real device connecting (which sends CONNECT at once) gets in.

export interface Closable {
  destroy(): void;
}

export class HandshakeSlots<S extends Closable> {
  private readonly byAddress = new Map<string, Set<S>>();
  private readonly addressOf = new Map<S, string>();
  private evictedTotal = 0;

  constructor(private readonly max: number, private readonly onEvict: (address: string) => void = () => undefined) {}

  get size(): number {
    return this.addressOf.size;
  }

  get evicted(): number {
    return this.evictedTotal;
  }

  /** A new connection from `address`; makes room first when the slots are full. */
  admit(socket: S, address: string): void {
    while (this.addressOf.size >= this.max && this.evictOne());
    let set = this.byAddress.get(address);
    if (!set) this.byAddress.set(address, (set = new Set()));
    set.add(socket);
    this.addressOf.set(socket, address);
  }

  /** The connection authenticated, or closed: it no longer holds a slot. */
  release(socket: S): void {
    const address = this.addressOf.get(socket);
    if (address === undefined) return;
    this.addressOf.delete(socket);
    const set = this.byAddress.get(address)!;
    set.delete(socket);
    if (set.size === 0) this.byAddress.delete(address);
  }

  has(socket: S): boolean {
    return this.addressOf.has(socket);
  }

  private evictOne(): boolean {
    let busiest: Set<S> | undefined;
    let address = '';
    for (const [a, set] of this.byAddress) {
      if (!busiest || set.size > busiest.size) {
        busiest = set;
        address = a;
      }
    }
    const oldest = busiest?.values().next().value;
    if (oldest === undefined) return false;
    this.release(oldest);
    this.evictedTotal++;
    this.onEvict(address);
    oldest.destroy();
    return true;
  }
}
