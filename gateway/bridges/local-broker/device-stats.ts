// What a technician asks of each configured device: is it connected, when was
// it last seen, how much has it sent, what was refused. Bounded: one row per
// configured device (unknown usernames are counted together).
export interface DeviceStat {
  id: string;
  username: string;
  connections: number;
  lastSeenMs: number | null;
  messagesIn: number;
  aclRefused: number;
  failedLogins: number;
}

export class DeviceStats {
  private readonly byId = new Map<string, DeviceStat>();
  private readonly idOfUser = new Map<string, string>();
  /** Failed logins with a username no device has. */
  unknownLogins = 0;

  constructor(devices: readonly { id: string; username: string }[], private readonly now: () => number = Date.now) {
    for (const d of devices) {
      this.byId.set(d.id, { id: d.id, username: d.username, connections: 0, lastSeenMs: null, messagesIn: 0, aclRefused: 0, failedLogins: 0 });
      this.idOfUser.set(d.username, d.id);
    }
  }

  private touch(id: string): DeviceStat | undefined {
    const s = this.byId.get(id);
    if (s) s.lastSeenMs = this.now();
    return s;
  }

  connected(id: string): void {
    const s = this.touch(id);
    if (s) s.connections++;
  }

  disconnected(id: string): void {
    const s = this.touch(id);
    if (s) s.connections = Math.max(0, s.connections - 1);
  }

  message(id: string): void {
    const s = this.touch(id);
    if (s) s.messagesIn++;
  }

  refused(id: string): void {
    const s = this.touch(id);
    if (s) s.aclRefused++;
  }

  failedLogin(username: string | null | undefined): void {
    const id = username ? this.idOfUser.get(username) : undefined;
    const s = id ? this.byId.get(id) : undefined;
    if (s) s.failedLogins++;
    else this.unknownLogins++;
  }

  list(): DeviceStat[] {
    return [...this.byId.values()].map((s) => ({ ...s }));
  }
}
