// Wrong pairing tokens are what an outsider on the office network can send at
// will; each costs a 401, and the log stays a handful of lines whatever the
// number of addresses (the per-address limit bounds guessing, not the log).
import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createLogger } from '../../gateway/logger.js';
import { mountPairing } from './pairing.js';
import type { DisplayDeps } from './deps.js';
import { testConfig } from '../test-fixtures.js';

function pairingApp() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', { write: (l: string) => lines.push(JSON.parse(l) as Record<string, unknown>) });
  const config = testConfig();
  const access = { deviceTokens: config.auth.deviceTokens, apiToken: config.auth.apiToken, allowedHosts: [] };
  const app = new Hono();
  mountPairing(app, { config, logger, access, now: () => 0 } as unknown as DisplayDeps);
  return { app, lines };
}

/** A request as the Node adapter hands it over, from `address`. */
const from = (app: Hono, path: string, address: string) => app.request(path, {}, { incoming: { socket: { remoteAddress: address } } });

describe('pairing', () => {
  it('10,000 wrong tokens from 10,000 addresses: every one refused, a handful of log lines', async () => {
    const { app, lines } = pairingApp();
    for (let i = 0; i < 10_000; i++) {
      const res = await from(app, `/pair?token=guess-${i}`, `fd00::${i.toString(16)}`);
      expect(res.status).toBe(401);
    }
    const refused = lines.filter((l) => String(l.msg).includes('pairing refused'));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThanOrEqual(10);
    expect(JSON.stringify(lines)).not.toContain('guess-');
  });
});
