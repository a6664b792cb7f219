// Who is asking: the kiosk on loopback (with a Host check against DNS
// rebinding), a paired device (token cookie or bearer), or an API client.
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { getCookie } from 'hono/cookie';
import { secretEquals } from '../util/secret-equals.js';

export type Principal = { kind: 'loopback' } | { kind: 'device'; id: string } | { kind: 'api' } | { kind: 'anonymous' };

export const DEVICE_COOKIE = 'scpm_device';
/** A technician's laptop, paired once with the API token (/pair?token=…): it may open the setup page. */
export const TECHNICIAN_COOKIE = 'scpm_technician';

/** A principal as the action log and the orders record it: `api`, `device:{id}`, `loopback:{screen}`. */
export function principalLabel(p: Principal, screen: string): string {
  switch (p.kind) {
    case 'api': return 'api';
    case 'device': return `device:${p.id}`;
    case 'loopback': return `loopback:${screen}`;
    default: return 'anonymous';
  }
}

export interface AccessConfig {
  apiToken?: string;
  deviceTokens: { id: string; token: string }[];
  /** Host names (without port) accepted from loopback clients. */
  allowedHosts: string[];
}

/** A token matches only a configured (non-empty) one, in constant time. */
export function tokenEquals(given: string, expected: string): boolean {
  return expected.length > 0 && secretEquals(given, expected);
}

export function isLoopbackAddress(addr: string | undefined): boolean {
  if (!addr) return false;
  const a = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  return a === '::1' || /^127\.\d+\.\d+\.\d+$/.test(a);
}

/** Host header without port; [::1] keeps its brackets. */
export function hostName(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1).toLowerCase();
  return hostHeader.split(':')[0]!.toLowerCase();
}

export function defaultAllowedHosts(extra: string[], bindHost: string): string[] {
  return [...new Set(['localhost', '127.0.0.1', '[::1]', bindHost, ...extra].map((h) => h.toLowerCase()))];
}

function bearer(c: Context): string | null {
  const h = c.req.header('authorization');
  return h && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : null;
}

export function identify(c: Context, cfg: AccessConfig): Principal {
  const token = bearer(c);
  if (token !== null && cfg.apiToken && tokenEquals(token, cfg.apiToken)) return { kind: 'api' };
  const tech = getCookie(c, TECHNICIAN_COOKIE);
  if (tech && cfg.apiToken && tokenEquals(tech, cfg.apiToken)) return { kind: 'api' };
  const candidate = token ?? getCookie(c, DEVICE_COOKIE) ?? null;
  if (candidate) {
    const device = cfg.deviceTokens.find((d) => tokenEquals(candidate, d.token));
    if (device) return { kind: 'device', id: device.id };
  }
  let remote: string | undefined;
  try {
    remote = getConnInfo(c).remote.address;
  } catch {
    remote = undefined; // in-process app.request(): no socket
  }
  if (isLoopbackAddress(remote) && cfg.allowedHosts.includes(hostName(c.req.header('host')))) return { kind: 'loopback' };
  return { kind: 'anonymous' };
}

/** Requires one of the given principal kinds; 401 JSON otherwise (never a login page). */
export function requireAccess(cfg: AccessConfig, kinds: Principal['kind'][]): MiddlewareHandler {
  return async (c, next) => {
    const who = identify(c, cfg);
    if (!kinds.includes(who.kind)) {
      return c.json({ error: 'unauthorized', hint: 'use the gateway from loopback, pair this device (/pair?token=…), or send Authorization: Bearer <token>' }, 401);
    }
    c.set('principal' as never, who as never);
    await next();
  };
}
