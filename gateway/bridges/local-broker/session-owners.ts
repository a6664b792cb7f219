// Which account each broker session (client id) belongs to, so that its
// queued messages count against that account's bounds, another account can
// neither take it over nor wipe it, and one device cannot pile up persistent
// sessions under ever new client ids. Pure: no aedes.

export interface SessionAccount {
  /** The username it authenticated with. */
  username: string;
  /** The queue owner: `device:{id}` or `internal`. */
  owner: string;
}

interface Session extends SessionAccount {
  persistent: boolean;
  /** The connection that claimed it last. */
  by: unknown;
}

export type Claim =
  | { ok: true; /** Persistent sessions of the same account to end, oldest first (over the per-account bound). */ evict: string[] }
  | { ok: false; heldBy: string };

export class SessionOwners {
  private readonly sessions = new Map<string, Session>();
  /** Persistent client ids per owner, oldest claim first. */
  private readonly persistentByOwner = new Map<string, Set<string>>();

  /**
   * @param maxPersistentPerOwner persistent sessions an owner keeps; a new one over it ends its oldest offline one.
   * @param isLive whether a client id is connected right now (a connected session is never ended for a new one).
   */
  constructor(private readonly maxPersistentPerOwner: number, private readonly isLive: (clientId: string) => boolean) {}

  get size(): number {
    return this.sessions.size;
  }

  ownerOf(clientId: string): string | undefined {
    return this.sessions.get(clientId)?.owner;
  }

  persistentCount(owner: string): number {
    return this.persistentByOwner.get(owner)?.size ?? 0;
  }

  /** A client (`by`, its connection) authenticated as `account` with this client id and clean flag. */
  claim(clientId: string, account: SessionAccount, clean: boolean, by: unknown): Claim {
    const held = this.sessions.get(clientId);
    if (held && held.username !== account.username) return { ok: false, heldBy: held.username };
    if (held?.persistent) this.persistentByOwner.get(held.owner)?.delete(clientId);
    this.sessions.set(clientId, { ...account, persistent: !clean, by });
    if (clean) return { ok: true, evict: [] };
    let set = this.persistentByOwner.get(account.owner);
    if (!set) this.persistentByOwner.set(account.owner, (set = new Set()));
    const evict: string[] = [];
    for (const id of set) {
      if (set.size + 1 - evict.length <= this.maxPersistentPerOwner) break;
      if (!this.isLive(id)) evict.push(id);
    }
    for (const id of evict) this.forget(id);
    set.add(clientId);
    return { ok: true, evict };
  }

  /** A connection closed: a clean session ends with it (unless a newer connection claimed the id); a persistent one stays. */
  disconnected(clientId: string, by: unknown): void {
    const s = this.sessions.get(clientId);
    if (s && !s.persistent && s.by === by) this.sessions.delete(clientId);
  }

  private forget(clientId: string): void {
    const s = this.sessions.get(clientId);
    if (!s) return;
    this.sessions.delete(clientId);
    const set = this.persistentByOwner.get(s.owner);
    set?.delete(clientId);
    if (set?.size === 0) this.persistentByOwner.delete(s.owner);
  }
}
