// Bounded under abuse, the display's side: a crowd of public viewers and
// never-reading stream clients while QoS 1 ingest runs (figures printed), the
// caps on live streams, the public page cache, pairing tries limited, and a
// page on another origin in Chromium against every state-changing route.
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, httpJson, metric, publishMany, rssBytes, waitFor, type Gateway, type Mosquitto } from './rig/index.js';
import * as fx from './rig/fixtures.js';
import { launchBrowser, newWallPage } from './browser/browser.js';

const rig = new Rig('bounds-display');
let broker: Mosquitto;
let gw: Gateway;

beforeAll(async () => {
  broker = await rig.mosquitto();
  gw = await rig.gateway({ env: { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: 'bounds-office' } });
  await gw.waitConnected();
}, 60_000);
afterAll(() => rig.cleanup(), 60_000);

/** An SSE client that connects and never reads (its socket buffer fills, the hub must drop it, not buffer for it). */
function idleStream(port: number, path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => {
      s.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\n\r\n`);
      s.pause();
      resolve(s);
    });
    s.on('error', reject);
  });
}

describe('the display under a crowd', () => {
  it('1,000 idle and 200 never-reading /public/events clients while QoS 1 ingest runs: memory and ingest stay bounded', async () => {
    const rss0 = await rssBytes(gw.pid);
    const sockets: Socket[] = [];
    rig.defer('stream sockets', () => sockets.forEach((s) => s.destroy()));
    for (let i = 0; i < 1200; i++) sockets.push(await idleStream(gw.port, i < 1000 ? '/public/events?path=/' : '/public/events?path=/urban'));
    await waitFor(async () => (await metric(gw, 'scpm_sse_slots_in_use')) >= 1200, { timeoutMs: 20_000, what: '1,200 streams open' });
    const city = await rig.client(broker.url);
    const handled0 = await metric(gw, 'scpm_ingested_messages_total');
    const started = Date.now();
    const n = 3000;
    await publishMany(city, Array.from({ length: n }, (_, i) => ({ topic: fx.topics.urban('pm25', ['11230', '11110', '11040'][i % 3]!), payload: JSON.stringify({ ...fx.urban(10 + (i % 50), fx.at(-60_000 + i)), district: ['11230', '11110', '11040'][i % 3] }) })));
    await waitFor(async () => (await metric(gw, 'scpm_ingested_messages_total')) >= handled0 + n, { timeoutMs: 60_000, what: `${n} readings ingested` });
    const seconds = (Date.now() - started) / 1000;
    const rss1 = await rssBytes(gw.pid);
    const growth = (rss1 - rss0) / 1048576;
    const dropped = await metric(gw, 'scpm_sse_dropped_total');
    console.warn(`[bounds-display] 1,200 public streams (1,000 idle, 200 never reading) + ${n} QoS 1 readings: ingest ${(n / seconds).toFixed(0)} msg/s, gateway RSS ${(rss0 / 1048576).toFixed(1)} → ${(rss1 / 1048576).toFixed(1)} MiB (+${growth.toFixed(1)}), pushes dropped for slow clients ${dropped}`);
    expect(growth).toBeLessThan(150);
    expect(gw.running()).toBe(true);
    sockets.forEach((s) => s.destroy());
    await waitFor(async () => (await metric(gw, 'scpm_sse_slots_in_use')) < 50, { timeoutMs: 10_000, what: 'the slots given back' });
  }, 120_000);

  it('renders a public page once for a crowd asking at once', async () => {
    const before = await metric(gw, 'scpm_public_page_renders');
    await Promise.all(Array.from({ length: 100 }, () => fetch(`${gw.baseUrl}/public/opinion`).then((r) => r.text())));
    expect((await metric(gw, 'scpm_public_page_renders')) - before).toBeLessThanOrEqual(2);
  });

  it('limits pairing tries per address (429 with Retry-After)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 15; i++) codes.push((await fetch(`${gw.baseUrl}/pair?token=guess-${i}`)).status);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toContain(429);
    const r = await fetch(`${gw.baseUrl}/pair?token=guess-x`);
    expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('a page on another origin against every state-changing route', () => {
  let evil: Server;
  beforeAll(async () => {
    evil = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><title>elsewhere</title>');
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    rig.defer('evil server', () => new Promise<void>((r) => evil.close(() => r())));
  });

  it('no-cors POSTs (text/plain, JSON-looking) from another origin change nothing', async () => {
    const screenBefore = (await httpJson<{ state: { page: string; updatedAt: number } }>(`${gw.baseUrl}/api/v1/screens/wall`)).body.state;
    const ordersBefore = (await httpJson<{ items: unknown[] }>(`${gw.baseUrl}/api/v1/orders`)).body.items.length;
    const browser = await launchBrowser();
    rig.defer('chromium', () => browser.close());
    const w = await newWallPage(browser);
    await w.page.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`, { waitUntil: 'load' });
    const routes = [
      '/api/v1/actions', '/api/v1/orders', '/api/v1/screens/wall/heartbeat', '/setup/test-order', '/setup/bridges/upstream/restart',
      '/setup/power/wake', '/api/v1/serial/setup/send-gesture/swipe-left', '/api/v1/cameras/setup/probe/x',
    ];
    const statuses = await w.page.evaluate(async ({ base, routes }) => {
      const out: Record<string, string> = {};
      for (const r of routes) {
        try {
          // no-cors: the page cannot read the answer, but the request is sent; the gateway must refuse it.
          await fetch(base + r, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"action":"navigate","page":"pledges","text":"x"}' });
          out[r] = 'sent';
        } catch (e) {
          out[r] = String(e);
        }
      }
      return out;
    }, { base: gw.baseUrl, routes });
    expect(Object.values(statuses).every((s) => s === 'sent')).toBe(true);
    const screenAfter = (await httpJson<{ state: { page: string; updatedAt: number } }>(`${gw.baseUrl}/api/v1/screens/wall`)).body.state;
    expect(screenAfter.updatedAt).toBe(screenBefore.updatedAt);
    expect((await httpJson<{ items: unknown[] }>(`${gw.baseUrl}/api/v1/orders`)).body.items.length).toBe(ordersBefore);
    expect(await metric(gw, 'scpm_bridge_restarts_total{bridge="upstream"}')).toBe(0);
    const logs = gw.logs().filter((l) => l.includes('cross-site request refused'));
    expect(logs.length).toBeGreaterThan(0);
    await w.close();
  }, 40_000);
});
