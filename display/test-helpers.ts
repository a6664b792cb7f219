// Test wiring: a display over fixture data, with a controllable link and clock.
import { Bus } from '../gateway/bus.js';
import { Metrics } from '../gateway/metrics.js';
import { createLogger } from '../gateway/logger.js';
import type { Store } from '../gateway/store/store.js';
import { createDisplay } from './index.js';
import { API_TOKEN, FIXTURE_NOW, loadFixtures, memoryStore, testConfig } from './test-fixtures.js';

export function setup(o: { language?: 'en' | 'ko'; publicComplaintText?: boolean; pushWindowMs?: number; store?: Store; now?: number; linkUp?: boolean } = {}) {
  const config = testConfig(o);
  const store = o.store ?? memoryStore(config);
  if (!o.store) loadFixtures(store);
  const bus = new Bus();
  const metrics = new Metrics();
  const state = { now: o.now ?? FIXTURE_NOW + 60_000, link: { up: o.linkUp ?? true, since: (o.now ?? FIXTURE_NOW) - 19 * 60_000 } as { up: boolean; since: number | null } };
  const display = createDisplay({
    config, store, bus, metrics, logger: createLogger('silent'),
    access: { deviceTokens: config.auth.deviceTokens, apiToken: config.auth.apiToken, allowedHosts: ['localhost', '127.0.0.1'] },
    link: () => state.link, buildId: 'build-1', now: () => state.now,
  });
  const auth = { authorization: `Bearer ${API_TOKEN}` };
  const get = (path: string, headers: Record<string, string> = auth) => display.app.request(path, { headers });
  const act = (body: unknown, headers: Record<string, string> = auth) =>
    display.app.request('/api/v1/actions', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { config, store, bus, metrics, display, state, get, act, auth };
}

/** Reads SSE messages from a streaming response until `count` messages or timeout. */
export async function readSse(res: Response, count: number, timeoutMs = 2000): Promise<{ event: string; data: string }[]> {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  const out: { event: string; data: string }[] = [];
  const deadline = Date.now() + timeoutMs;
  while (out.length < count && Date.now() < deadline) {
    const r = await Promise.race([reader.read(), new Promise<null>((res2) => setTimeout(() => res2(null), Math.max(1, deadline - Date.now())))]);
    if (!r || r.done) break;
    buf += dec.decode(r.value, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      if (block.startsWith(':')) continue;
      let event = '';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      out.push({ event, data: data.join('\n') });
    }
  }
  await reader.cancel().catch(() => undefined);
  return out;
}
