import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { Store } from '../store/store.js';
import { Bus } from '../bus.js';
import { Metrics } from '../metrics.js';
import { createLogger } from '../logger.js';
import { TEST_LIMITS } from '../store/test-limits.js';
import { createApp } from './app.js';

function setup(display?: Hono) {
  const store = new Store(':memory:', TEST_LIMITS);
  const lines: string[] = [];
  const logger = createLogger('info', { write: (l: string) => void lines.push(l) });
  const app = createApp({
    store, bus: new Bus(), metrics: new Metrics(), logger, display,
    access: { deviceTokens: [], allowedHosts: ['localhost'] },
    health: { phase: () => 'running', bridges: () => ({ upstream: { state: 'running', connected: true } }) },
  });
  return { store, app, lines };
}

describe('/healthz', () => {
  it('is ok with no reasons, and "degraded: disk full" while the store is full', async () => {
    const { store, app } = setup();
    expect(await (await app.request('/healthz')).json()).toMatchObject({ status: 'ok', reasons: [], store: { full: null } });
    store.noteWriteError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }));
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'degraded', reasons: ['disk full'], store: { full: { cause: expect.stringMatching(/size cap|disk/) } } });
  });
});

describe('failed requests', () => {
  it('are logged rate-limited whatever their paths (an outsider can make them), and a full store behind one is noted', async () => {
    const display = new Hono();
    display.get('*', () => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    const { store, app, lines } = setup(display);
    for (let i = 0; i < 200; i++) expect((await app.request(`/page-${i}`)).status).toBe(500);
    const failed = lines.filter((l) => l.includes('request failed'));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThanOrEqual(5);
    expect(store.fullState()).not.toBeNull();
  });
});
