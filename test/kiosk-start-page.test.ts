// The kiosk's start page (kiosk/start.html, a local file) in real Chromium,
// against a stand-in for the gateway's /healthz contract: "starting…" in both
// languages while the gateway is down, retried until it answers, then the
// wall; the safe mode's problems shown as text; never Chromium's error page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser/browser.js';
import { REPO_ROOT, freePort, waitFor } from './rig/index.js';
import { startGatewayStandIn, type GatewayStandIn } from '../scripts/rig/gateway-standin.js';
import { readKioskSettings } from '../scripts/kiosk/config.js';
import { startPageUrl } from '../scripts/kiosk/command.js';

const START_PAGE = join(REPO_ROOT, 'kiosk', 'start.html');
let browser: Browser;
const standIns: GatewayStandIn[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const s of standIns) await s.stop();
  await browser?.close();
});

function urlFor(port: number, language: 'en' | 'ko'): string {
  const settings = readKioskSettings(`office: { id: t, language: ${language} }\nhttp: { port: ${port} }\n`);
  return startPageUrl(settings, START_PAGE);
}

async function open(url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url);
  return page;
}

const state = (page: Page) => page.evaluate(() => document.body?.dataset.state ?? null).catch(() => null);
const visibleLines = (page: Page, section: string) =>
  page.evaluate((s) => Array.from(document.querySelectorAll(`#${s} .line`)).map((e) => e.textContent), section);

describe('kiosk start page', () => {
  it('shows "starting…" in both languages (office.language first), retries, and goes to the wall once the gateway answers', async () => {
    const port = await freePort();
    const page = await open(urlFor(port, 'ko'));
    try {
      expect(await state(page)).toBe('starting');
      expect(await visibleLines(page, 'starting')).toEqual(['시작하는 중…', 'Starting…']);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ko');
      await waitFor(async () => Number(await page.evaluate(() => document.body.dataset.attempts)) >= 3, { timeoutMs: 8000, what: 'three probes' });
      expect(page.url()).toMatch(/^file:/);

      const gw = await startGatewayStandIn({ port });
      standIns.push(gw);
      await page.waitForURL(gw.url, { timeout: 8000 });
      expect(await page.textContent('#t')).toMatch(/^WALL/);
      expect(gw.wallLoads()).toBe(1);
    } finally {
      await page.close();
    }
  });

  it('puts English first for office.language en', async () => {
    const page = await open(urlFor(await freePort(), 'en'));
    try {
      expect(await visibleLines(page, 'starting')).toEqual(['Starting…', '시작하는 중…']);
    } finally {
      await page.close();
    }
  });

  it('lists the problems of the safe mode as text, then goes to the wall once the config is fixed', async () => {
    const gw = await startGatewayStandIn();
    standIns.push(gw);
    const problems = ['office.yaml: http.port: expected a value ≤ 65535, found 99999 (number)', '<img src=x onerror="document.title=\'owned\'">', ...Array.from({ length: 58 }, (_, i) => `problem ${i}`)];
    gw.setHealth({ status: 'config-error', problems });
    const page = await open(urlFor(gw.port, 'en'));
    try {
      await waitFor(async () => (await state(page)) === 'config-error', { timeoutMs: 5000, what: 'the config-error view' });
      const items = await page.evaluate(() => Array.from(document.querySelectorAll('#problems li')).map((e) => e.textContent));
      expect(items).toHaveLength(51);
      expect(items[0]).toBe(problems[0]);
      expect(items[1]).toBe(problems[1]);
      expect(items[50]).toBe('… +10');
      expect(await page.evaluate(() => document.querySelectorAll('#problems img').length)).toBe(0);
      expect(await page.title()).toBe('SCPM Edge');
      expect(await visibleLines(page, 'config-error')).toEqual(['Configuration problem: please call the technician', '설정 문제: 관리자에게 문의하세요']);
      expect(gw.wallLoads()).toBe(0);

      gw.setHealth({ status: 'ok' });
      await page.waitForURL(gw.url, { timeout: 10_000 });
    } finally {
      await page.close();
    }
  });

  it('goes to the wall when /healthz cannot be read from a file: page (no CORS header): the safe-mode wall shows the problems itself', async () => {
    const gw = await startGatewayStandIn({ cors: false });
    standIns.push(gw);
    gw.setHealth({ status: 'config-error', problems: ['x'] });
    const page = await open(urlFor(gw.port, 'en'));
    try {
      await page.waitForURL(gw.url, { timeout: 8000 });
    } finally {
      await page.close();
    }
  });

  it('ignores a wall parameter that is not http(s) and uses the default wall', async () => {
    const page = await browser.newPage();
    // The default wall's port may be in use on a shared machine: keep it "down" for this page.
    await page.route('http://127.0.0.1:8080/**', (route) => route.abort());
    await page.goto(`file://${START_PAGE}?lang=en&wall=${encodeURIComponent('javascript:document.title="owned"')}`);
    try {
      expect(await page.evaluate(() => document.body.dataset.wall)).toBe('http://127.0.0.1:8080/');
      await waitFor(async () => Number(await page.evaluate(() => document.body.dataset.attempts)) >= 1, { timeoutMs: 5000, what: 'a probe' });
      expect(await page.title()).toBe('SCPM Edge');
      expect(page.url()).toMatch(/^file:/);
    } finally {
      await page.close();
    }
  });
});
