// The gateway's /healthz as the kiosk watchdog reads it: once per check,
// bounded in time and size.
import { observeHealth, type GatewayObservation } from './watchdog.js';

const HEALTH_TIMEOUT_MS = 2000;
const HEALTH_MAX_BYTES = 256 * 1024;

/** GET /healthz once, bounded in time and size. */
export async function readHealth(url: string, screen: string): Promise<GatewayObservation> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS), headers: { accept: 'application/json' } });
    const reader = res.body?.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > HEALTH_MAX_BYTES) {
        await reader.cancel();
        return { kind: 'not-serving', status: 'oversized-answer' };
      }
      chunks.push(value);
    }
    return observeHealth(res.status, Buffer.concat(chunks).toString('utf8'), screen);
  } catch {
    return { kind: 'down' };
  }
}
