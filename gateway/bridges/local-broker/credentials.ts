// Credentials of the local broker: configured devices plus one internal account
// generated per process (for the gateway's own upstream client and the demo
// simulator). Comparisons are timing-safe.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Principal } from './acl.js';

export interface DeviceCredential { id: string; username: string; password: string }
export interface InternalAccount { username: string; password: string }

export function generateInternalAccount(): InternalAccount {
  return {
    username: `scpm-internal-${randomBytes(8).toString('hex')}`,
    password: randomBytes(32).toString('base64url'),
  };
}

function digest(value: string | Uint8Array): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Constant-time equality (both sides hashed first, so lengths leak nothing). */
export function secretEquals(given: string | Uint8Array, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

export type AuthResult =
  | { ok: true; principal: Principal }
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
        ? { ok: true, principal: { kind: 'internal', username } }
        : { ok: false, reason: 'bad username or password' };
    }
    const device = this.byUsername.get(username);
    const match = secretEquals(password, device?.password ?? this.internal.password);
    if (!device || !match) return { ok: false, reason: 'bad username or password' };
    return { ok: true, principal: { kind: 'device', username, deviceId: device.id } };
  }
}
