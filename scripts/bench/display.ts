// Bench section "display": the wall display in real Chromium (Debian's
// /usr/bin/chromium through playwright-core) against the real gateway and a
// real mosquitto as the city broker.
//  (publish → DOM latency is the "live" section's, side by side with the peer: live.ts)
//  - gateway spawn → first contentful paint of `/` on a data dir with data.
//  - page weight: HTML + CSS + JS as served with accept-encoding: gzip.
import { request } from 'node:http';
import mqtt from 'mqtt';
import { chromium, type Browser } from 'playwright-core';
import { startMosquitto, type Mosquitto } from '../rig/mosquitto.js';
import { startGateway, type Gateway } from '../rig/gateway.js';
import { kstIso } from '../rig/payloads.js';
import { sleep, waitFor } from '../rig/wait.js';
import { fmtWholeMs, printTable } from './report.js';
import { CHROMIUM_ARGS, firstContentfulPaint } from './probe.js';
import type { BenchContext, Section } from './section.js';

const ROOT = 'scpm/v1';
const DISTRICTS = ['11230', '11040', '11110'];
const PAGES = ['/', '/urban', '/opinion', '/admin', '/admin/jobs', '/pledges', '/district/11230', '/public'];


export function seedMessages(baseMs: number): { topic: string; payload: string }[] {
  const ts = kstIso(baseMs);
  const out = [
    { topic: `${ROOT}/catalog/indicators/employment-rate`, payload: { id: 'employment-rate', name: { en: 'Employment rate', ko: '고용률' }, unit: '%', category: 'jobs', direction: 'up', target: 66, period: 'month' } },
    { topic: `${ROOT}/indicators/employment-rate/11230/female/20-29`, payload: { indicator: 'employment-rate', district: '11230', period: '2026-10', value: 61.2, breakdown: { gender: 'female', ageBand: '20-29' }, history: [{ period: '2026-09', value: 60.8 }], ts } },
    { topic: `${ROOT}/incidents/inc-1`, payload: { id: 'inc-1', kind: 'fire', title: 'Building fire', severity: 3, district: '11230', location: { lat: 37.4979, lon: 127.0276, address: 'Gangnam-daero 396' }, status: 'dispatched', receivedAt: ts, dispatchedAt: ts, onSceneAt: null, closedAt: null, units: ['Gangnam 2'], ts } },
    { topic: `${ROOT}/complaints/cmp-1`, payload: { id: 'cmp-1', kind: 'complaint', category: 'illegal-parking', district: '11040', summary: 'Truck blocking the school gate', channel: 'app', status: 'received', reportedAt: ts, receivedAt: ts, handledAt: null, department: 'Traffic Division', ts } },
    { topic: `${ROOT}/polls/poll-1`, payload: { id: 'poll-1', title: 'Name for the new riverside park', kind: 'policy', visibility: 'public', status: 'open', opensAt: ts, closesAt: kstIso(baseMs + 7 * 86_400_000), totalVoters: 100, options: [{ id: 'a', label: 'A', votes: 40 }, { id: 'b', label: 'B', votes: 60 }], ts } },
    { topic: `${ROOT}/pledges/pledge-1`, payload: { id: 'pledge-1', title: 'Public rental homes', area: 'housing', progress: 63, status: 'on-track', budget: { allocated: 100, executed: 63, currency: 'KRW' }, ts } },
  ];
  for (const d of DISTRICTS) {
    for (const [metric, unit, v] of [['pm25', 'ug/m3', 18], ['pm10', 'ug/m3', 35], ['traffic-speed', 'km/h', 24]] as const) {
      out.push({ topic: `${ROOT}/urban/${metric}/${d}`, payload: { metric, district: d, value: v, unit, ts } as never });
    }
  }
  return out.map((m) => ({ topic: m.topic, payload: JSON.stringify(m.payload) }));
}

const kib = (b: number): string => `${(b / 1024).toFixed(1)} KiB`;

function getRaw(url: string): Promise<{ status: number; bytes: number; encoding: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, bytes: body.length, encoding: String(res.headers['content-encoding'] ?? 'identity'), body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function pageWeights(baseUrl: string): Promise<(string | number)[][]> {
  const { gunzipSync } = await import('node:zlib');
  const rows: (string | number)[][] = [];
  for (const path of PAGES) {
    const html = await getRaw(`${baseUrl}${path}`);
    const text = (html.encoding === 'gzip' ? gunzipSync(html.body) : html.body).toString('utf8');
    const refs = [...text.matchAll(/<(?:link[^>]*\bhref|script[^>]*\bsrc)="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'))
      .filter((u) => /\.(css|js)(\?|$)/.test(u));
    let css = 0, js = 0;
    const notGz: string[] = [];
    for (const ref of refs) {
      const r = await getRaw(new URL(ref, `${baseUrl}${path}`).href);
      if (r.encoding !== 'gzip') notGz.push(ref);
      if (/\.css(\?|$)/.test(ref)) css += r.bytes;
      else js += r.bytes;
    }
    rows.push([path, html.status, kib(html.bytes) + (html.encoding === 'gzip' ? '' : ' (not gzipped)'), kib(css), kib(js), kib(html.bytes + css + js),
      notGz.length ? `not gzipped: ${notGz.join(' ')}` : '']);
  }
  return rows;
}

async function run(ctx: BenchContext): Promise<void> {
  const broker: Mosquitto = await startMosquitto({ maxQueuedMessages: 1_000_000 });
  ctx.track('mosquitto (display)', () => broker.dispose());
  const env = { SCPM_UPSTREAM_URL: broker.url, SCPM_OFFICE_ID: 'bench-display' };
  let gw: Gateway = await startGateway({ env });
  ctx.track('gateway (display)', () => gw.dispose());
  await gw.waitConnected();
  const client = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0, connectTimeout: 5000 });
  ctx.track('mqtt publisher', () => client.endAsync());
  const baseMs = Date.now() - 2 * 3_600_000;
  for (const m of seedMessages(baseMs)) await client.publishAsync(m.topic, m.payload, { qos: 1 });
  await waitFor(async () => (await (await fetch(`${gw.baseUrl}/urban`)).text()).includes(`urban:pm25:11110`), { timeoutMs: 15_000, what: 'seeded data on /urban' });

  const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  ctx.track('chromium', () => browser.close());

  // Page weight (gzip as served).
  const weights = await pageWeights(gw.baseUrl);
  printTable('Page weight with accept-encoding: gzip (bytes on the wire)', ['page', 'status', 'HTML', 'CSS', 'JS', 'total', 'note'], weights);

  // Gateway spawn → first contentful paint of `/` on the data dir filled above.
  const { port, dataDir } = gw;
  await gw.stop();
  // The kiosk's browser is already up when the gateway (re)starts: open its
  // page first and let Chromium settle, so its own start-up is not timed.
  const p2 = await browser.newPage({ viewport: { width: 1920, height: 1080 }, deviceScaleFactor: 2 });
  await sleep(1500);
  const t0 = Date.now();
  gw = await startGateway({ env, httpPort: port, dataDir });
  // Wait for the listener with a cheap HTTP poll (every 10 ms) rather than
  // page.goto retries: a refused goto costs Chromium an error page each time.
  let tListen = NaN;
  while (Date.now() - t0 < 30_000) {
    const up = await fetch(`${gw.baseUrl}/healthz`).then(() => true, () => false);
    if (up) { tListen = Date.now() - t0; break; }
    await sleep(10);
  }
  let attempts = 0;
  let tGoto = NaN;
  for (;;) {
    attempts++;
    try {
      const r = await p2.goto(`${gw.baseUrl}/`, { waitUntil: 'load', timeout: 5000 });
      if (r?.status() === 200) { tGoto = Date.now() - t0; break; }
    } catch {
      // not listening yet
    }
    if (Date.now() - t0 > 30_000) throw new Error('gateway did not serve / within 30 s');
    await sleep(25);
  }
  // The paint entry can come after `load`: wait for it (buffered) up to 5 s.
  const paint = { ...(await firstContentfulPaint(p2, 5000)), keys: await p2.evaluate(() => document.querySelectorAll('[data-key][data-ts]').length) };
  const spawnToFcp = paint.origin + paint.fcp - t0;
  printTable('Gateway spawn → first paint of / (stored data, same data dir)', ['measure', 'value'], [
    ['spawn → HTTP listening', fmtWholeMs(tListen)],
    ['spawn → page.goto answered 200 + load', fmtWholeMs(tGoto)],
    ['spawn → first-contentful-paint', fmtWholeMs(spawnToFcp)],
    ['navigation start → FCP', fmtWholeMs(paint.fcp)],
    ['goto attempts', attempts],
    ['live figures on first page', paint.keys],
  ]);
  console.log('');
  ctx.results.display = { spawnToListenMs: tListen, spawnToGotoMs: tGoto, spawnToFcpMs: spawnToFcp, fcpMs: paint.fcp, gotoAttempts: attempts, weights };
}

export const display: Section = { name: 'display', run };
