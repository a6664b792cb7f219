// Who is connected to the local broker: each client's login (set when it
// authenticates) and the registered clients by id (a client id held by one
// account is not taken over by another).
import type { Client } from 'aedes';
import type { BrokerUser } from './acl.js';

export class ConnectedClients {
  private users = new WeakMap<Client, BrokerUser>();
  /** The filters each client was granted (a restored session's are granted again on reconnect). */
  private subscriptions = new WeakMap<Client, Set<string>>();
  /** Registered (CONNACKed) clients by client id. */
  private readonly live = new Map<string, Client>();

  /** A new broker run: no client is known yet. */
  reset(): void {
    this.users = new WeakMap();
    this.subscriptions = new WeakMap();
  }

  /** Grants `filter` to `client` unless it holds `max` other filters already (a filter held again is no new one). */
  takeSubscription(client: Client, filter: string, max: number): boolean {
    let held = this.subscriptions.get(client);
    if (!held) this.subscriptions.set(client, (held = new Set()));
    if (held.has(filter)) return true;
    if (held.size >= max) return false;
    held.add(filter);
    return true;
  }

  /** Whether `client` holds `filter` by grant (a device) or is not bounded (the internal account). */
  holdsSubscription(client: Client, filter: string): boolean {
    if (this.users.get(client)?.kind !== 'device') return true;
    return this.subscriptions.get(client)?.has(filter) ?? false;
  }

  unsubscribed(client: Client, filters: readonly string[]): void {
    const held = this.subscriptions.get(client);
    if (held) for (const f of filters) held.delete(f);
  }

  clear(): void {
    this.live.clear();
  }

  userOf(client: Client | null | undefined): BrokerUser | undefined {
    return client ? this.users.get(client) : undefined;
  }

  authenticated(client: Client, user: BrokerUser): void {
    this.users.set(client, user);
  }

  registered(client: Client): void {
    this.live.set(client.id, client);
  }

  disconnected(client: Client): void {
    if (this.live.get(client.id) === client) this.live.delete(client.id);
  }

  /** The registered client holding this client id, if any. */
  holder(clientId: string): Client | undefined {
    return this.live.get(clientId);
  }

  has(clientId: string): boolean {
    return this.live.has(clientId);
  }

  devicesConnected(): number {
    let n = 0;
    for (const c of this.live.values()) if (this.users.get(c)?.kind === 'device') n++;
    return n;
  }
}
