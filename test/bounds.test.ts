// Bounded under abuse, against the real gateway process (issue 14): a tablet's
// offline queue flooded, a 200 MB POST, malformed URLs, /healthz seen from
// another host. Resident memory is read from /proc/<pid>/status; the figures
// are printed ([bounds] lines) for the README's Reliability section.
import http from 'node:http';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, freePort, httpJson, rssBytes, scrapeMetrics, sleep, waitFor, writeConfig, type Gateway } from './rig/index.js';

const OFFICE = 'bounds-office';
const TOKEN = 'bounds-test-token-0123456789';
const DEVICE_PW = 'bounds-tablet-password-0123';
const MiB = 1024 * 1024;
const rig = new Rig('bounds');
let gw: Gateway;
let brokerPort: number;
let configPath: string;

const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/** Samples the process's RSS every 50 ms while `work` runs; the peak and the value after. */
async function rssDuring(pid: number, work: () => Promise<void>): Promise<{ before: number; peak: number; after: number }> {
  const before = await rssBytes(pid);
  let peak = before;
  let running = true;
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, await rssBytes(pid));
      await sleep(50);
    }
  })();
  try {
    await work();
  } finally {
    running = false;
    await sampler;
  }
  const after = await rssBytes(pid);
  return { before, peak: Math.max(peak, after), after };
}

beforeAll(async () => {
  const city = await rig.mosquitto();
  brokerPort = await freePort();
  configPath = writeConfig(rig.tempDir('config'), {
    officeId: OFFICE,
    upstreamUrl: city.url,
    extra: [
      '  devices:', `    - { id: tablet-1, username: tablet-1, password: ${DEVICE_PW} }`,
      'http:', '  maxConnections: 64', '  headersTimeoutMs: 1000', '  requestTimeoutMs: 2000',
    ].join('\n'),
  });
  gw = await rig.gateway({ env: { SCPM_CONFIG: configPath, SCPM_API_TOKEN: TOKEN, SCPM_LOCAL_BROKER_PORT: String(brokerPort) } });
  await gw.waitConnected();
}, 60_000);
afterAll(() => rig.cleanup());

describe('the local broker under a tablet\'s offline-queue flood', () => {
  it('2,000 × 60 KiB QoS 1 messages for a tablet that left (clean=false): the gateway grows < 50 MB; the tablet gets the newest that fit', async () => {
    const url = `mqtt://127.0.0.1:${brokerPort}`;
    const topic = `office/${OFFICE}/devices/tablet-1/inbox`;
    const creds = { username: 'tablet-1', password: DEVICE_PW, protocolVersion: 4 as const };
    const sub = await rig.client(url, { ...creds, clientId: 'tablet-1-screen', clean: false });
    await sub.subscribeAsync(topic, { qos: 1 });
    await sub.endAsync();
    const pub = await rig.client(url, { ...creds, clientId: 'tablet-1-sender' });
    const payload = (i: number) => JSON.stringify({ i, blob: 'x'.repeat(60 * 1024 - 20) });
    // Warm the path (and the heap) before the baseline.
    for (let i = 0; i < 50; i++) await pub.publishAsync(topic, payload(-1), { qos: 1 });
    await sleep(500);
    const rss = await rssDuring(gw.pid, async () => {
      const inflight = new Set<Promise<unknown>>();
      for (let i = 0; i < 2000; i++) {
        const p: Promise<unknown> = pub.publishAsync(topic, payload(i), { qos: 1 }).finally(() => inflight.delete(p));
        inflight.add(p);
        if (inflight.size >= 50) await Promise.race(inflight);
      }
      await Promise.all(inflight);
      await sleep(500);
    });
    const m = await scrapeMetrics(gw.baseUrl);
    const queuedBytes = m.get('scpm_local_broker_queued_bytes') ?? -1;
    const dropped = m.get('scpm_local_broker_queue_dropped_total') ?? -1;
    const received: number[] = [];
    const back = await rig.client(url, { ...creds, clientId: 'tablet-1-screen', clean: false }, (_t, p) => received.push((JSON.parse(p.toString()) as { i: number }).i));
    await waitFor(() => received.length + dropped >= 2050 || null, { timeoutMs: 10_000, what: 'the queued messages delivered' });
    await back.endAsync();
    console.warn(`[bounds] local broker: 2,000 × 60 KiB queued for an absent tablet: gateway RSS ${mb(rss.before)} → peak ${mb(rss.peak)} MB (+${mb(rss.peak - rss.before)} MB), after ${mb(rss.after)} MB; held ${received.length} messages (${mb(queuedBytes)} MB), dropped ${dropped}`);
    expect(rss.peak - rss.before).toBeLessThan(50e6);
    expect(received.length + dropped).toBe(2050);
    expect(queuedBytes).toBeLessThanOrEqual(4 * MiB);
    // The newest, in order.
    expect(received.at(-1)).toBe(1999);
    expect(received).toEqual([...received].sort((a, b) => a - b));
  }, 120_000);
});

/** POSTs `total` bytes (declared, or chunked), stopping at the first response; its status. */
function bigPost(port: number, path: string, total: number, declared: boolean): Promise<{ status: number; sent: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` };
    if (declared) headers['content-length'] = String(total);
    const req = http.request({ host: '127.0.0.1', port, path, method: 'POST', headers, timeout: 30_000 });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    let done = false;
    const finish = (status: number) => {
      if (done) return;
      done = true;
      req.destroy();
      resolve({ status, sent });
    };
    req.on('response', (res) => {
      res.resume();
      finish(res.statusCode ?? 0);
    });
    req.on('error', (err) => (done ? undefined : reject(err)));
    req.on('timeout', () => req.destroy(new Error('timed out')));
    const pump = () => {
      while (!done && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!done && sent >= total) req.end();
    };
    pump();
  });
}

describe('HTTP bounds', () => {
  it('a 200 MB POST is refused 413 without reading it (declared or chunked); RSS grows < 20 MB', async () => {
    const total = 200 * 1000 * 1000;
    const results: string[] = [];
    const rss = await rssDuring(gw.pid, async () => {
      for (const path of ['/api/v1/orders', '/api/v1/actions']) {
        for (const declared of [true, false]) {
          const r = await bigPost(gw.port, path, total, declared);
          results.push(`${path} ${declared ? 'Content-Length' : 'chunked'} → ${r.status} after ${mb(r.sent)} MB sent`);
          expect(r.status, `${path} ${declared ? 'declared' : 'chunked'}`).toBe(413);
        }
      }
    });
    console.warn(`[bounds] http: 200 MB POSTs: ${results.join('; ')}; gateway RSS ${mb(rss.before)} → peak ${mb(rss.peak)} MB (+${mb(rss.peak - rss.before)} MB)`);
    expect(rss.peak - rss.before).toBeLessThan(20e6);
    // The gateway still answers.
    expect((await gw.health()).status).toBe(200);
  }, 120_000);

  it('malformed percent-encoding is a 400 (never a 500 with a stack), on display and API routes', async () => {
    for (const path of ['/public/district/%E0', '/district/%E0', '/api/v1/incidents/%E0', '/public?x=%E0']) {
      const res = await httpJson(`${gw.baseUrl}${path}`, { token: TOKEN });
      expect(res.status, path).toBe(400);
      expect(JSON.stringify(res.body)).not.toMatch(/URIError|at .*\.js/);
    }
    expect(gw.logs().some((l) => l.includes('URIError'))).toBe(false);
  });

  it('a cross-site POST (Origin of another site) or a text/plain one is refused, nothing is queued', async () => {
    const body = JSON.stringify({ text: 'from another page' });
    const crossSite = await httpJson(`${gw.baseUrl}/api/v1/orders`, { method: 'POST', token: TOKEN, body, headers: { origin: 'http://evil.example', 'content-type': 'application/json' } });
    const plain = await httpJson(`${gw.baseUrl}/api/v1/orders`, { method: 'POST', token: TOKEN, body, headers: { 'content-type': 'text/plain' } });
    const move = '{"screen":"wall","action":"navigate","page":"urban"}';
    const action = await httpJson(`${gw.baseUrl}/api/v1/actions`, { method: 'POST', body: move, headers: { 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' } });
    const actionOrigin = await httpJson(`${gw.baseUrl}/api/v1/actions`, { method: 'POST', body: move, headers: { 'content-type': 'application/json', origin: 'http://evil.example' } });
    // The kiosk's loopback is trusted; a no-cors text/plain POST from a page (here without fetch metadata) still is not.
    const actionPlain = await httpJson(`${gw.baseUrl}/api/v1/actions`, { method: 'POST', body: move, headers: { 'content-type': 'text/plain' } });
    expect([crossSite.status, plain.status, action.status, actionOrigin.status, actionPlain.status]).toEqual([403, 415, 403, 403, 415]);
    const screen = await httpJson<{ state: { path: string } }>(`${gw.baseUrl}/api/v1/screens/wall`);
    expect(screen.status).toBe(200);
    expect(screen.body.state.path).not.toBe('/urban');
    const orders = await httpJson<{ items: unknown[] }>(`${gw.baseUrl}/api/v1/orders`, { token: TOKEN });
    expect(orders.body.items).toEqual([]);
  });
});

/** Opens a raw TCP connection to the gateway, writes `text`, and resolves when the server closes it (with what it answered). */
function rawConnection(port: number, text: string): { opened: Promise<void>; closed: Promise<{ ms: number; answer: string }> } {
  const t0 = performance.now();
  const socket = net.createConnection({ host: '127.0.0.1', port });
  socket.on('error', () => undefined);
  let answer = '';
  socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
  const opened = new Promise<void>((resolve) => socket.once('connect', () => {
    if (text) socket.write(text);
    resolve();
  }));
  const closed = new Promise<{ ms: number; answer: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('connection still open after 8 s'));
    }, 8000);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - t0, answer });
    });
  });
  return { opened, closed };
}

describe('HTTP connection bounds (http.headersTimeoutMs 1000, maxConnections 64 in this test\'s config)', () => {
  it('a request whose headers never finish is answered 408 and closed at the deadline', async () => {
    const slow = rawConnection(gw.port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    await slow.opened;
    const r = await slow.closed;
    console.warn(`[bounds] http: headers never finished: closed after ${r.ms.toFixed(0)} ms (deadline 1000 ms, checked every 1000 ms), answer ${JSON.stringify(r.answer.split('\r\n')[0])}`);
    expect(r.answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('past maxConnections a new connection is closed at once, unanswered; the gateway answers again when the others go', async () => {
    // 64 connections that each start a request; the rig's own keep-alive connections may hold places too.
    const held = Array.from({ length: 64 }, () => rawConnection(gw.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n'));
    await Promise.all(held.map((h) => h.opened));
    const extra = rawConnection(gw.port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await extra.opened;
    const last = await extra.closed;
    const all = await Promise.all(held.map((h) => h.closed));
    // Accepted ones are answered 408 at their header deadline; refused ones are closed unanswered.
    const accepted = all.filter((r) => r.answer.startsWith('HTTP/1.1 408')).length;
    const refused = all.filter((r) => r.answer === '').length + (last.answer === '' ? 1 : 0);
    console.warn(`[bounds] http: 65 connections against maxConnections 64: ${accepted} accepted (408 at the header deadline), ${refused} closed unanswered; the 65th after ${last.ms.toFixed(0)} ms`);
    expect(last.answer).toBe('');
    expect(accepted).toBeLessThanOrEqual(64);
    expect(accepted + refused).toBe(65);
    expect((await gw.health()).status).toBe(200);
  });
});

/** This machine's first non-loopback IPv4 address, if it has one. */
function externalIPv4(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return null;
}

const ip = externalIPv4();
if (!ip) console.warn('[bounds] no non-loopback IPv4 address on this machine: the off-host /healthz test is skipped (gateway/http/app.test.ts covers the routing)');

describe('/healthz from another host', () => {
  it.skipIf(!ip)('answers the status only to a non-loopback address; details on loopback or with the API token', async () => {
    // Bound to every address for this test only, reached through the machine's own non-loopback address.
    const wide = await rig.gateway({ env: { SCPM_CONFIG: configPath, SCPM_API_TOKEN: TOKEN, SCPM_LOCAL_BROKER_PORT: '0', SCPM_HTTP_HOST: '0.0.0.0' } });
    await wide.waitHealthy();
    const off = await httpJson(`http://${ip}:${wide.port}/healthz`);
    const offToken = await httpJson<Record<string, unknown>>(`http://${ip}:${wide.port}/healthz`, { token: TOKEN });
    const local = await httpJson<Record<string, unknown>>(`${wide.baseUrl}/healthz`);
    console.warn(`[bounds] http: /healthz from ${ip}: ${JSON.stringify(off.body)}; with the token or on loopback: ${Object.keys(local.body).length} fields`);
    expect(off.status).toBe(local.status);
    expect(Object.keys(off.body as object)).toEqual(['status']);
    expect(offToken.body).toHaveProperty('bridges');
    expect(local.body).toHaveProperty('bridges');
    await wide.dispose();
  }, 60_000);
});
