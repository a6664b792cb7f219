// aedes' hooks: who may connect (credentials, throttling, client ids and
// sessions held by another account, the device limit), publish and subscribe
// (the ACL). Every refusal is counted by kind and logged rate-limited.
import type net from 'node:net';
import type { AedesOptions, AuthenticateError, Client } from 'aedes';
import type { Logger } from '../../logger.js';
import type { RateLimitedLog } from '../../log/rate-limited.js';
import type { LocalBrokerConfig } from './config.js';
import type { Acl, BrokerUser } from './acl.js';
import type { CredentialTable, InternalAccount } from './credentials.js';
import type { ConnectedClients } from './clients.js';
import type { DeviceStats } from './device-stats.js';
import type { BrokerPersistence } from './broker-persistence.js';
import type { HandshakeSlots } from './handshake-slots.js';
import type { SessionOwners } from './session-owners.js';
import { addressKey, type LoginThrottle } from './login-throttle.js';
import { MAX_SESSIONS_PER_ACCOUNT, MAX_SUBSCRIPTIONS_PER_CLIENT } from './limits.js';

export type AuthHooks = Pick<AedesOptions, 'authenticate' | 'authorizePublish' | 'authorizeSubscribe'>;

/** What one broker run holds (null between runs). */
export interface RunParts { sessions: SessionOwners; persistence: BrokerPersistence; handshakes: HandshakeSlots<net.Socket> }

export interface AuthContext {
  config: LocalBrokerConfig;
  acl: Acl;
  credentials: CredentialTable;
  internal: InternalAccount;
  throttle: LoginThrottle;
  clients: ConnectedClients;
  deviceStats: DeviceStats;
  log: Logger;
  limited: RateLimitedLog;
  deny(kind: string): void;
  run(): RunParts | null;
}

function authError(message: string, returnCode: 2 | 3 | 4 | 5): AuthenticateError {
  return Object.assign(new Error(message), { returnCode }) as AuthenticateError;
}

const short = (s: string | undefined | null) => s?.slice(0, 64);

/** A refusal: counted, logged rate-limited, answered with the CONNACK code. */
type Refuse = (kind: string, logKind: string, fields: object, msg: string, error: AuthenticateError) => void;

/** Whether the logged-in user may take this client id now (not another account's client or session, not past the device limit). */
function admit(ctx: AuthContext, client: Client, user: BrokerUser, from: string, refuse: Refuse): boolean {
  const { username } = user;
  // A client id held by another account is not taken over (a device must
  // not kick the gateway's own upstream session, or another device, off).
  const holder = ctx.clients.holder(client.id);
  if (holder && !holder.closed && ctx.clients.userOf(holder)?.username !== username) {
    refuse('auth', 'client-id-in-use', { username, clientId: short(client.id), remote: from }, 'local broker: client id in use by another account; refused', authError('client id in use', 2));
    return false;
  }
  if (user.kind === 'device' && !holder && ctx.clients.devicesConnected() >= ctx.config.maxClients) {
    refuse('capacity', 'capacity', { username, clientId: short(client.id), maxClients: ctx.config.maxClients }, 'local broker: device limit reached; refused', authError('server unavailable', 3));
    return false;
  }
  // Nor is another account's offline session (its queued messages, its subscriptions) taken or wiped.
  const run = ctx.run();
  const claim = run?.sessions.claim(client.id, { username, owner: user.kind === 'internal' ? 'internal' : `device:${user.deviceId}` }, client.clean, client);
  if (claim && !claim.ok) {
    refuse('session', 'session-held', { username, clientId: short(client.id), remote: from }, 'local broker: client id holds another account\'s session; refused', authError('client id in use', 2));
    return false;
  }
  for (const id of claim?.evict ?? []) {
    run?.persistence.cleanSubscriptions({ id }).catch((err: Error) => ctx.log.warn({ err: err.message }, 'local broker: ending an old session failed'));
    ctx.limited('session-evicted', 'info', { username, max: MAX_SESSIONS_PER_ACCOUNT }, 'local broker: an account opened more persistent sessions than it may keep; its oldest offline one ended');
  }
  return true;
}

export function authHooks(ctx: AuthContext): AuthHooks {
  const { acl, deviceStats, limited, deny } = ctx;
  return {
    authenticate(client, username, password, done) {
      const from = addressKey((client.conn as net.Socket).remoteAddress);
      const refuse: Refuse = (kind, logKind, fields, msg, error) => {
        deny(kind);
        limited(logKind, 'warn', fields, msg);
        done(error, null);
      };
      // The internal account (a random 32-byte password, used from this
      // process) is never throttled: a stranger's failures on loopback must
      // not cut the gateway's own clients off.
      const internalUser = username === ctx.internal.username;
      const wait = internalUser ? 0 : ctx.throttle.waitMs(from);
      if (wait > 0) {
        return refuse('throttled', 'auth-throttled', { remote: from, waitMs: wait }, 'local broker: login refused unchecked (too many failed logins from this address; it must wait)', authError('server unavailable', 3));
      }
      const result = ctx.credentials.check(username ?? undefined, password ?? undefined);
      if (!result.ok) {
        deviceStats.failedLogin(username);
        const waitNow = internalUser ? 0 : ctx.throttle.failure(from);
        return refuse('auth', 'auth-failed', { username: short(username), clientId: short(client.id), remote: from, reason: result.reason, waitMs: waitNow }, 'local broker: connection refused',
          authError(result.reason, result.reason === 'missing credentials' ? 5 : 4));
      }
      if (!internalUser) ctx.throttle.success(from);
      if (!admit(ctx, client, result.user, from, refuse)) return;
      ctx.run()?.handshakes.release(client.conn as net.Socket);
      ctx.clients.authenticated(client, result.user);
      done(null, true);
    },

    authorizePublish(client, packet, done) {
      const user = ctx.clients.userOf(client);
      // acl.canPublish refuses every `$` topic, which keeps aedes' own `$SYS/` block.
      if (!acl.canPublish(user, packet.topic)) {
        deny('publish');
        if (user?.kind === 'device') deviceStats.refused(user.deviceId);
        limited('publish-denied', 'warn', { clientId: short(client?.id), user: user?.username, topic: packet.topic.slice(0, 200) }, 'local broker: publish denied');
        return done(new Error('publish not authorized'));
      }
      // A device's messages are for the gateway (and itself); retaining them
      // would let one device grow the broker's memory topic by topic.
      if (user?.kind === 'device') packet.retain = false;
      done(null);
    },

    authorizeSubscribe(client, sub, done) {
      const user = ctx.clients.userOf(client);
      if (!acl.canSubscribe(user, sub.topic)) {
        deny('subscribe');
        if (user?.kind === 'device') deviceStats.refused(user.deviceId);
        limited('subscribe-denied', 'warn', { clientId: short(client.id), user: user?.username, filter: sub.topic.slice(0, 200) }, 'local broker: subscription denied');
        // null = SUBACK 0x80 for this filter; the connection stays up.
        return done(null, null);
      }
      if (user?.kind === 'device' && !ctx.clients.takeSubscription(client, sub.topic, MAX_SUBSCRIPTIONS_PER_CLIENT)) {
        deny('subscription_limit');
        limited('subscription-limit', 'warn', { clientId: short(client.id), user: user.username, max: MAX_SUBSCRIPTIONS_PER_CLIENT }, 'local broker: a device client holds its most subscriptions; a new one refused');
        return done(null, null);
      }
      done(null, sub);
    },
  };
}
