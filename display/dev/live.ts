/* eslint-disable no-console -- a dev script that reports to the terminal */
// Throwaway: checks in a real browser that pushes swap in, taps navigate
// without a reload, the URL follows, and nothing violates the CSP.
import { chromium } from 'playwright-core';

const base = process.env.BASE ?? 'http://127.0.0.1:8099';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
const problems: string[] = [];
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
page.on('pageerror', (e) => problems.push(String(e)));
await page.goto(base + '/');
await page.evaluate(() => { (window as unknown as { marker: number }).marker = 42; });
await page.waitForFunction(() => document.body.dataset.sse === 'up', null, { timeout: 5000 });
const before = await page.textContent('[data-key="poll:poll-311"] .opts');
await page.waitForTimeout(3500);
const after = await page.textContent('[data-key="poll:poll-311"] .opts');
console.log('live poll changed:', before !== after);
const t0 = Date.now();
await page.click('#nav [data-page="urban"]');
await page.waitForFunction(() => document.getElementById('main')?.classList.contains('l-urban'), null, { timeout: 3000 });
console.log('tap → urban in', Date.now() - t0, 'ms; url', new URL(page.url()).pathname, '; no reload:', await page.evaluate(() => (window as unknown as { marker: number }).marker === 42));
await page.click('#p-map a[data-district="11230"]');
await page.waitForFunction(() => location.pathname === '/district/11230', null, { timeout: 3000 });
console.log('map tap → district:', new URL(page.url()).pathname);
await page.mouse.move(1500, 500); await page.mouse.down(); await page.mouse.move(1200, 510, { steps: 5 }); await page.mouse.up();
await page.waitForTimeout(800);
console.log('swipe left → ', new URL(page.url()).pathname);
const evalBlocked = await page.evaluate(() => {
  const el = document.createElement('button');
  el.setAttribute('hx-on:click', 'window.pwned = 1');
  document.body.appendChild(el);
  (window as unknown as { htmx: { process(e: Element): void } }).htmx.process(el);
  el.click();
  return (window as unknown as { pwned?: number }).pwned === undefined;
});
console.log('htmx eval blocked:', evalBlocked);
console.log('console problems:', problems.filter((p) => !/htmx eval is disabled|unsafe-eval|EvalError/.test(p)));
await browser.close();
