// Gestures end to end: real serialport on socat pty pairs into the real
// gateway, through the actions door, to the open wall page in Chromium. Both
// protocols; the cue on the wall; unplug (socat stopped) seen on /healthz
// and the setup page; replug → gestures work again within 5 s.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, httpJson, spawnTracked, stopTracked, waitFor, writeConfig, type Gateway } from '../rig/index.js';
import type { Tracked } from '../../scripts/rig/process.js';
import { dfrobotFrame } from '../../gateway/bridges/serial/protocols/dfrobot-sen0285.js';
import { openLiveWall } from './browser.js';

const rig = new Rig('browser-gestures');
let gw: Gateway;
let page: Page;
let dir: string;
const socats = new Map<string, Tracked>();

async function socat(name: string): Promise<void> {
  let ready = false;
  const t = spawnTracked('socat', ['-d', '-d', `pty,raw,echo=0,link=${join(dir, `${name}-gw`)}`, `pty,raw,echo=0,link=${join(dir, `${name}-dev`)}`], {
    onLine: (line) => {
      if (/starting data transfer loop/.test(line)) ready = true;
    },
  });
  socats.set(name, t);
  rig.defer(`socat ${name}`, () => stopTracked(t));
  await waitFor(() => ready, { timeoutMs: 5000, what: `socat ${name}` });
}

/** Plays the device: writes to its end of the pty (O_NOCTTY: never our terminal). */
async function send(name: string, data: string | Buffer): Promise<void> {
  const fh = await open(join(dir, `${name}-dev`), constants.O_WRONLY | constants.O_NOCTTY);
  try {
    await fh.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  } finally {
    await fh.close();
  }
}

const path = () => page.evaluate(() => document.getElementById('main')?.getAttribute('data-path') ?? '');
const serialHealth = async () => (await httpJson<{ bridges: Record<string, { state: string; devices?: { id: string; open: boolean }[] }> }>(`${gw.baseUrl}/healthz`)).body.bridges.serial!;

beforeAll(async () => {
  dir = rig.tempDir('pty');
  await Promise.all([socat('desk'), socat('sen')]);
  const file = writeConfig(dir, { officeId: 'gesture-office', extra: [
    'demo: { simulator: false }',
    'serial:',
    '  devices:',
    `    - { id: desk, port: "${join(dir, 'desk-gw')}", protocol: scpm-serial/1 }`,
    `    - { id: sen, port: "${join(dir, 'sen-gw')}", protocol: dfrobot-sen0285 }`,
    '  gestures: { refractoryMs: 100 }',
  ].join('\n') });
  gw = await rig.gateway({ env: { SCPM_CONFIG: file, SCPM_UPSTREAM_URL: undefined } });
  await gw.waitHealthy();
  await waitFor(async () => (await serialHealth()).devices?.filter((d) => d.open && d.id !== 'simulated').length === 2, { timeoutMs: 15_000, what: 'both serial devices open' });
  page = (await openLiveWall(rig, gw.baseUrl)).page;
}, 60_000);
afterAll(() => rig.cleanup(), 60_000);

describe('gestures on the wall', () => {
  it('a scpm-serial/1 swipe-left turns the page, as a tap would, and the wall shows the cue', async () => {
    expect(await path()).toBe('/');
    await send('desk', 'G swipe-left\n');
    await page.waitForFunction(() => document.getElementById('main')?.getAttribute('data-path') === '/urban', undefined, { timeout: 5000 });
    await page.waitForSelector('#overlay .caption', { timeout: 5000 });
    expect(await page.$eval('#overlay .caption', (e) => e.textContent)).toContain('next page');
    const log = (await httpJson<{ items: { action: string; source: string; principal: string }[] }>(`${gw.baseUrl}/api/v1/actions/log`)).body.items;
    expect(log.find((r) => r.action === 'next-page')).toMatchObject({ source: 'gesture', principal: 'serial:desk' });
  }, 20_000);

  it('the help overlay lists the gestures of the connected devices, with what each does', async () => {
    await httpJson(`${gw.baseUrl}/api/v1/actions`, { method: 'POST', body: JSON.stringify({ action: 'show-help' }) });
    await page.waitForSelector('#overlay .help .gesture', { timeout: 5000 });
    const text = await page.$eval('#overlay .help .gesture', (e) => e.textContent ?? '');
    expect(text).toContain('swipe-left');
    expect(text).toContain('circle-cw'); // scpm-serial/1 reports every gesture
    await httpJson(`${gw.baseUrl}/api/v1/actions`, { method: 'POST', body: JSON.stringify({ action: 'hide-help' }) });
  }, 20_000);

  it('a DFRobot SEN0285 frame (right) goes back a page', async () => {
    await new Promise((r) => setTimeout(r, 150)); // past the refractory window
    await send('sen', dfrobotFrame(0x01)); // DFGT_EVT_RIGHT → swipe-right → previous-page
    await page.waitForFunction(() => document.getElementById('main')?.getAttribute('data-path') === '/', undefined, { timeout: 5000 });
  }, 20_000);

  it('unplugged: /healthz and the setup page say so; replugged: gestures work again within 5 s', async () => {
    await stopTracked(socats.get('desk')!);
    await waitFor(async () => (await serialHealth()).devices?.find((d) => d.id === 'desk')?.open === false, { timeoutMs: 5000, what: '/healthz: desk closed' });
    expect((await serialHealth()).state).toBe('degraded');
    const setup = await (await fetch(`${gw.baseUrl}/setup`)).text();
    expect(setup).toMatch(/data-serial-device="desk" data-open="false"/);
    const replugAt = Date.now();
    await socat('desk');
    await waitFor(async () => (await serialHealth()).devices?.find((d) => d.id === 'desk')?.open === true, { timeoutMs: 5000, what: 'desk open again' });
    await send('desk', 'G swipe-up\n'); // home
    await send('desk', 'G swipe-left\n');
    await page.waitForFunction(() => document.getElementById('main')?.getAttribute('data-path') === '/urban', undefined, { timeout: 5000 });
    expect(Date.now() - replugAt).toBeLessThan(5000);
  }, 30_000);
});
