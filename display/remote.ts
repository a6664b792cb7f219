// The client's address as a key for per-address bounds; null for loopback
// (the kiosk is never limited for where it is) and for in-process requests.
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { isLoopbackAddress } from '../gateway/http/access.js';

export function remoteKey(c: Context): string | null {
  let addr: string | undefined;
  try {
    addr = getConnInfo(c).remote.address;
  } catch {
    return null;
  }
  if (!addr || isLoopbackAddress(addr)) return null;
  return addr.startsWith('::ffff:') ? addr.slice(7) : addr;
}
