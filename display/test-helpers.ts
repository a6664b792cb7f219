// Test wiring: a display over fixture data, with a controllable link and clock.
import { afterEach } from 'vitest';
import { Bus } from '../gateway/bus.js';
import { Metrics } from '../gateway/metrics.js';
import { createLogger } from '../gateway/logger.js';
import type { Store } from '../gateway/store/store.js';
import type { EntityKind } from '../gateway/contract/messages.js';
import { createDisplay } from './index.js';
import { createScreenServices } from '../gateway/runtime/screens.js';
import { createApp } from '../gateway/http/app.js';
import { viewPath } from './view.js';
import { API_TOKEN, FIXTURE_NOW, loadFixtures, memoryStore, testConfig } from './test-fixtures.js';

export function setup(o: { language?: 'en' | 'ko'; publicComplaintText?: boolean; pushWindowMs?: number; store?: Store; now?: number; linkUp?: boolean } = {}) {
  const config = testConfig(o);
  const store = o.store ?? memoryStore(config);
  if (!o.store) loadFixtures(store);
  const bus = new Bus();
  const metrics = new Metrics();
  const state = { now: o.now ?? FIXTURE_NOW + 60_000, link: { up: o.linkUp ?? true, since: (o.now ?? FIXTURE_NOW) - 19 * 60_000 } as { up: boolean; since: number | null } };
  const logger = createLogger('silent');
  const access = { deviceTokens: config.auth.deviceTokens, apiToken: config.auth.apiToken, allowedHosts: ['localhost', '127.0.0.1'] };
  const { actions, catalog } = createScreenServices({ store, bus, config, log: logger, link: () => state.link, now: () => state.now });
  const display = createDisplay({ config, store, bus, metrics, logger, access, actions, catalog, link: () => state.link, buildId: 'build-1', now: () => state.now });
  // The office app as main composes it: the API (actions, screens) and the display.
  const app = createApp({ store, bus, metrics, access, logger, display: display.app, actions, viewPath, health: { phase: () => 'running', bridges: () => ({}) } });
  const auth = { authorization: `Bearer ${API_TOKEN}` };
  // As the wall's own browser asks: a same-origin navigation (only those move a screen).
  const get = (path: string, headers: Record<string, string> = { ...auth, 'sec-fetch-site': 'same-origin' }) => app.request(path, { headers });
  const act = (body: unknown, headers: Record<string, string> = auth) =>
    app.request('/api/v1/actions', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { config, store, bus, metrics, display, app, actions, catalog, state, get, act, auth };
}

/** Moves the complete messages at the head of `buf` (comments skipped) into `out`; returns what is left of it. */
function takeSseMessages(buf: string, out: { event: string; data: string }[]): string {
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
  return buf;
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
    buf = takeSseMessages(buf + dec.decode(r.value, { stream: true }), out);
  }
  await reader.cancel().catch(() => undefined);
  return out;
}

export interface SseStream {
  /** The next message (pings skipped), or null when none came within `timeoutMs` (a bound, not an assertion). */
  next(timeoutMs?: number): Promise<{ event: string; data: string } | null>;
  close(): Promise<void>;
}

/** Reads a live stream message by message, so a test can say which push came first. */
export function openSse(res: Response): SseStream {
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  const queued: { event: string; data: string }[] = [];
  const parse = () => {
    const got: { event: string; data: string }[] = [];
    buf = takeSseMessages(buf, got);
    queued.push(...got.filter((m) => m.event !== 'scpm:ping'));
  };
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  return {
    async next(timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      while (queued.length === 0 && Date.now() < deadline) {
        pending ??= reader.read();
        const r = await Promise.race([pending, new Promise<null>((ok) => setTimeout(() => ok(null), Math.max(1, deadline - Date.now())))]);
        if (!r) break;
        pending = null;
        if (r.done) break;
        buf += dec.decode(r.value, { stream: true });
        parse();
      }
      return queued.shift() ?? null;
    },
    close: () => reader.cancel().catch(() => undefined),
  };
}

/** Records the row limit of every list the display asks the store for, of one kind: what a render reads at most. */
export function recordListLimits(store: Store, kind: EntityKind): number[] {
  const limits: number[] = [];
  const list = store.listEntities.bind(store);
  store.listEntities = ((k, o) => {
    if (k === kind) limits.push(o?.limit ?? 100);
    return list(k, o);
  }) as typeof store.listEntities;
  return limits;
}

/** A test's open live streams and display, closed after each test of the file (however it ended). */
export function closedAfterEach(): { streams: SseStream[]; close: (() => void) | null } {
  const open: { streams: SseStream[]; close: (() => void) | null } = { streams: [], close: null };
  afterEach(async () => {
    await Promise.all(open.streams.map((s) => s.close()));
    open.streams = [];
    open.close?.();
    open.close = null;
  });
  return open;
}
