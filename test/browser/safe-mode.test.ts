// Safe mode in real Chromium (issue 15): the gateway started as a service
// (SCPM_SAFE_MODE=1, as systemd and npm start do) on a config with three
// errors serves a page listing all three in Korean and English, and /healthz
// says config-error; a wall page that was open before the restart reloads
// into it by itself; the config fixed and the service restarted, the page
// reloads into the wall by itself.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, Rig, freePort, httpJson, waitFor, writeConfig, type Gateway } from '../rig/index.js';
import { launchBrowser, newWallPage } from './browser.js';

const rig = new Rig('browser-safe-mode');
let browser: Browser;
let port: number;
let dataDir: string;
let cfgDir: string;

const THREE_ERRORS = `office:
  id: "bad id!"
store:
  maxSizeMb: 1
displya:
  publicPort: 0
`;

const service = (config: string): Promise<Gateway> => rig.gateway({ env: { SCPM_CONFIG: config, SCPM_SAFE_MODE: '1' }, httpPort: port, dataDir });

beforeAll(async () => {
  browser = await launchBrowser();
  rig.defer('chromium', () => browser.close());
  port = await freePort();
  dataDir = rig.tempDir('data');
  cfgDir = rig.tempDir('cfg');
}, 30_000);
afterAll(() => rig.cleanup());

describe('safe mode', () => {
  it('lists all three problems on the wall, then turns into the wall once the config is fixed and the service restarted', async () => {
    const good = writeConfig(cfgDir, { officeId: 'safe-office' }, 'good.yaml');
    const bad = join(cfgDir, 'bad.yaml');
    writeFileSync(bad, THREE_ERRORS);

    // The wall, open on a running gateway.
    let gw = await service(good);
    await gw.waitHealthy();
    const w = await newWallPage(browser);
    await w.page.goto(`${gw.baseUrl}/`);
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    const loads = w.navigations();

    // Restarted on the broken file: safe mode, no bridge, on the same port.
    await gw.stop();
    gw = await service(bad);
    const h = await waitFor(async () => {
      const r = await httpJson<{ status: string; problems: string[] }>(`${gw.baseUrl}/healthz`, { timeoutMs: 1000 }).catch(() => null);
      return r?.body?.status === 'config-error' ? r : null;
    }, { timeoutMs: 10_000, what: 'safe mode /healthz' });
    expect(h.status).toBe(503);
    expect(h.body.problems).toHaveLength(3);
    expect(gw.stderr().join('\n')).toMatch(/safe mode: 3 configuration problems/);
    expect(gw.logs().join('\n')).not.toMatch(/bridge/);

    // The open page reloads itself once (told over its SSE stream) into the problem page.
    await w.page.waitForSelector('#problems li', { timeout: 15_000 });
    // The list is in the DOM before DOMContentLoaded, whose event can reach this process after the selector's answer.
    await waitFor(() => (w.navigations() >= loads + 1 ? true : null), { timeoutMs: 5_000, what: 'the reload into the problem page' });
    expect(w.navigations()).toBe(loads + 1);
    const items = await w.page.locator('#problems li').allTextContents();
    expect(items).toHaveLength(3);
    const text = items.join('\n');
    for (const key of ['office.id', 'store.maxSizeMb', 'displya']) expect(text).toContain(key);
    expect(await w.page.locator('#problems li p[lang="ko"]').count()).toBe(3);
    expect(await w.page.locator('#problems li p[lang="en"]').count()).toBe(3);
    expect(await w.page.locator('h1').textContent()).toMatch(/설정 문제.*Configuration problem/);
    expect(text).toContain('16 이상의 값이어야 합니다');
    const shots = join(REPO_ROOT, 'artifacts', 'screenshots');
    mkdirSync(shots, { recursive: true });
    await w.page.screenshot({ path: join(shots, 'safe-mode.png') });

    // SIGTERM ends safe mode at once.
    const stopped = await gw.stop();
    expect(stopped.code).toBe(0);
    expect(stopped.forced).toBe(false);

    // Fixed and restarted: the page polls /healthz and reloads into the wall.
    const back = Date.now();
    gw = await service(good);
    await w.page.waitForSelector('body[data-build] #main', { timeout: 20_000 });
    console.warn(`safe-mode: the problem page became the wall ${Date.now() - back} ms after the fixed service was started`);
    expect(await w.page.locator('#problems').count()).toBe(0);
    await w.page.waitForSelector('body[data-sse="up"]', { timeout: 10_000 });
    await waitFor(() => (w.navigations() >= loads + 2 ? true : null), { timeoutMs: 5_000, what: 'the reload into the wall' });
    expect(w.navigations()).toBe(loads + 2);
    await w.close();
    await gw.stop();
  }, 90_000);

  it('without SCPM_SAFE_MODE (a plain run, not the service) the gateway still refuses the file: exit 2, no server', async () => {
    const bad = join(cfgDir, 'bad2.yaml');
    writeFileSync(bad, THREE_ERRORS);
    const gw = await rig.gateway({ env: { SCPM_CONFIG: bad }, httpPort: port, dataDir });
    const exit = await gw.exited;
    expect(exit.code).toBe(2);
  }, 30_000);
});
