// Bench section "gestures" (issue 18): a gesture line written to a serial
// device (a socat pty, through serialport and the real gateway) → the wall's
// DOM changed in Chromium. 200 gestures, alternating swipe-left and
// swipe-right (next/previous page), one at a time; the time from the write to
// the page's MutationObserver seeing the new page, on the same clock.
import { writeFileSync } from 'node:fs';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startGateway } from '../rig/gateway.js';
import { spawnTracked, stopTracked } from '../rig/process.js';
import { removeDir, tempDir } from '../rig/tmp.js';
import { waitFor } from '../rig/wait.js';
import { httpJson } from '../rig/http.js';
import { pctOf } from './latency.js';
import { printTable } from './report.js';
import type { Section } from './section.js';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const pct = (xs: number[], p: number) => Math.round(pctOf(xs, p));

export const gestures: Section = {
  name: 'gestures',
  async run(ctx) {
    const n = ctx.options.idleSeconds <= 3 ? 50 : 200;
    const dir = tempDir('bench-gestures');
    ctx.track('gesture dir', async () => removeDir(dir));
    let ready = false;
    const socat = spawnTracked('socat', ['-d', '-d', `pty,raw,echo=0,link=${join(dir, 'gw')}`, `pty,raw,echo=0,link=${join(dir, 'dev')}`], {
      onLine: (line) => {
        if (/starting data transfer loop/.test(line)) ready = true;
      },
    });
    ctx.track('socat', () => stopTracked(socat));
    await waitFor(() => ready, { timeoutMs: 5000, what: 'socat' });
    const file = join(dir, 'office.yaml');
    writeFileSync(file, ['office: { id: bench-gestures }', 'upstream: { url: null }', 'localBroker: { port: 0 }', 'demo: { simulator: false }',
      'serial:', '  devices:', `    - { id: desk, port: "${join(dir, 'gw')}", protocol: scpm-serial/1 }`, '  gestures: { refractoryMs: 0 }', ''].join('\n'));
    const gw = await startGateway({ env: { SCPM_CONFIG: file, SCPM_UPSTREAM_URL: undefined } });
    ctx.track('gateway (gestures)', () => gw.dispose());
    await gw.waitHealthy();
    await waitFor(async () => {
      const h = await httpJson<{ bridges: Record<string, { devices?: { id: string; open: boolean }[] }> }>(`${gw.baseUrl}/healthz`);
      return h.body.bridges.serial?.devices?.some((d) => d.id === 'desk' && d.open) ?? false;
    }, { timeoutMs: 15_000, what: 'the serial device open' });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    ctx.track('chromium (gestures)', () => browser.close());
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${gw.baseUrl}/`, { waitUntil: 'load' });
    await page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    await page.evaluate(() => {
      const w = window as unknown as { __paths: { path: string; at: number }[] };
      w.__paths = [];
      new MutationObserver(() => {
        const p = document.getElementById('main')?.getAttribute('data-path') ?? '';
        if (w.__paths.at(-1)?.path !== p) w.__paths.push({ path: p, at: Date.now() });
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-path'] });
    });
    const fh = await open(join(dir, 'dev'), constants.O_WRONLY | constants.O_NOCTTY);
    const times: number[] = [];
    try {
      for (let i = 0; i < n; i++) {
        const before = await page.evaluate(() => (window as unknown as { __paths: unknown[] }).__paths.length);
        const sent = Date.now();
        await fh.write(Buffer.from(i % 2 === 0 ? 'G swipe-left\n' : 'G swipe-right\n'));
        const at = await page.waitForFunction((k) => {
          const p = (window as unknown as { __paths: { at: number }[] }).__paths;
          return p.length > k ? p[p.length - 1]!.at : null;
        }, before, { timeout: 5000, polling: 'raf' }).then((h) => h.jsonValue() as Promise<number>);
        times.push(at - sent);
      }
    } finally {
      await fh.close();
    }
    printTable(`Gesture → DOM (serial line on a socat pty → serialport → actions → SSE → Chromium; ${n} gestures)`, ['p50', 'p99', 'max', 'aim'], [[`${pct(times, 50)} ms`, `${pct(times, 99)} ms`, `${Math.max(...times)} ms`, 'p99 ≤ 50 ms']]);
    ctx.results.gestures = { n, p50: pct(times, 50), p99: pct(times, 99), max: Math.max(...times) };
  },
};
