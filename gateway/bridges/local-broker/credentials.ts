// Credentials of the local broker: configured devices plus one internal account
// generated per process (for the gateway's own upstream client and the demo
// simulator). Comparisons are timing-safe.
import { randomBytes } from 'node:crypto';
import { secretEquals } from '../../util/secret-equals.js';
import type { BrokerUser } from './acl.js';

export interface DeviceCredential { id: string; username: string; password: string }
export interface InternalAccount { username: string; password: string }

export function generateInternalAccount(): InternalAccount {
  return {
    username: `scpm-internal-${randomBytes(8).toString('hex')}`,
    password: randomBytes(32).toString('base64url'),
  };
}

export type AuthResult =
  | { ok: true; user: BrokerUser }
  | { ok: false; reason: 'missing credentials' | 'bad username or password' };

export class CredentialTable {
  private readonly byUsername: Map<string, DeviceCredential>;

  constructor(devices: readonly DeviceCredential[], readonly internal: InternalAccount) {
    this.byUsername = new Map(devices.map((d) => [d.username, d]));
  }

  get deviceCount(): number {
    return this.byUsername.size;
  }

  check(username: string | undefined, password: Uint8Array | undefined): AuthResult {
    if (!username || !password || password.length === 0) return { ok: false, reason: 'missing credentials' };
    // Usernames are not secret; the password comparison is constant-time and is
    // made even for an unknown username.
    if (username === this.internal.username) {
      return secretEquals(password, this.internal.password)
        ? { ok: true, user: { kind: 'internal', username } }
        : { ok: false, reason: 'bad username or password' };
    }
    const device = this.byUsername.get(username);
    const match = secretEquals(password, device?.password ?? this.internal.password);
    if (!device || !match) return { ok: false, reason: 'bad username or password' };
    return { ok: true, user: { kind: 'device', username, deviceId: device.id } };
  }
}
