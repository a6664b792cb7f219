// Throwaway: screenshots of every page at the wall's and a tablet's size.
/* eslint-disable no-console -- a dev script that reports to the terminal */
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const base = process.env.BASE ?? 'http://127.0.0.1:8099';
const out = process.env.OUT ?? 'artifacts/shots';
const pages = (process.env.PAGES ?? '/,/urban,/opinion,/admin,/admin/jobs,/pledges,/district/11230,/public,/admin/jobs?open=indicator:employment-rate').split(',');
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
for (const [label, vp] of [['wall', { width: 1920, height: 1080, deviceScaleFactor: Number(process.env.DSF ?? 1) }], ['tablet', { width: 1280, height: 800, deviceScaleFactor: 1 }]] as const) {
  if (process.env.ONLY && process.env.ONLY !== label) continue;
  const ctx = await browser.newContext({ viewport: { width: vp.width, height: vp.height }, deviceScaleFactor: vp.deviceScaleFactor });
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  for (const p of pages) {
    await page.goto(base + p, { waitUntil: 'load' });
    await page.waitForTimeout(Number(process.env.WAIT ?? 700));
    const name = `${label}-${p.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'overview'}.png`;
    await page.screenshot({ path: `${out}/${name}` });
    const overflow = await page.evaluate(() => document.documentElement.scrollHeight > innerHeight + 2 || document.documentElement.scrollWidth > innerWidth + 2);
    console.log(name, overflow ? 'SCROLLS' : 'fits', await page.evaluate(() => document.body.dataset.sse ?? '-'));
  }
  if (errors.length) console.log('console:', [...new Set(errors)].slice(0, 10).join('\n'));
  await ctx.close();
}
await browser.close();
