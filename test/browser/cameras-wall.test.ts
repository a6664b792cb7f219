// Cameras through the real gateway: a GStreamer RTSP camera (with a password)
// configured as a secret; open-camera on the wall in Chromium → the camera
// paints live over MSE, close-camera goes back; the public mirror has no
// camera route; the camera's secret appears nowhere the gateway answers; the
// gateway SIGKILLed leaves no ffmpeg.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, descendantPids, httpJson, pidRunning, waitFor, writeConfig, type Gateway } from '../rig/index.js';
import { startRtspServer, type RtspServer } from '../../scripts/rig/rtsp.js';
import { openLiveWall } from './browser.js';

const PASSWORD = 'cam-pass-SECRET-41f0';
const rig = new Rig('browser-cameras-wall');
let rtsp: RtspServer;
let gw: Gateway;
let page: Page;

const act = (body: Record<string, unknown>) => httpJson<Record<string, unknown>>(`${gw.baseUrl}/api/v1/actions`, { method: 'POST', body: JSON.stringify(body) });
const cameraState = () => page.evaluate(() => document.querySelector('video[data-camera="desk-cam"]')?.getAttribute('data-camera-state') ?? null);

beforeAll(async () => {
  rtsp = await startRtspServer({ mounts: [{ path: 'cam', width: 640, height: 360, fps: 25, gop: 25, pattern: 'ball' }], user: 'viewer', password: PASSWORD });
  rig.defer('rtsp server', () => rtsp.stop());
  const dir = rig.tempDir('cfg');
  const file = writeConfig(dir, { officeId: 'camera-office', extra: [
    'demo: { simulator: false }',
    'cameras:',
    '  idleStopSeconds: 2',
    '  devices:',
    '    - { id: desk-cam, name: { en: "Desk camera", ko: "책상 카메라" }, district: "11230", location: { lat: 37.4979, lon: 127.0276 }, url: { env: CAM_URL } }',
  ].join('\n') });
  gw = await rig.gateway({ env: { SCPM_CONFIG: file, SCPM_UPSTREAM_URL: undefined, CAM_URL: rtsp.url('cam') } });
  await gw.waitHealthy();
  await waitFor(async () => (await httpJson<{ bridges: Record<string, { state: string }> }>(`${gw.baseUrl}/healthz`)).body.bridges.cameras?.state === 'running', { timeoutMs: 15_000, what: 'the cameras bridge' });
  page = (await openLiveWall(rig, gw.baseUrl)).page;
}, 60_000);
afterAll(() => rig.cleanup(), 60_000);

describe('cameras on the wall', () => {
  it('open-camera shows the camera full screen, painting live frames; close-camera goes back', async () => {
    expect((await act({ action: 'open-camera', camera: 'desk-cam' })).status).toBe(200);
    await page.waitForSelector('video[data-camera="desk-cam"]', { timeout: 5000 });
    await page.waitForFunction(() => document.querySelector('video[data-camera="desk-cam"]')?.getAttribute('data-camera-state') === 'live', undefined, { timeout: 15_000 });
    const video = page.locator('video[data-camera="desk-cam"]');
    const a = await video.screenshot();
    // Polled, not one look after a fixed pause: on a loaded machine the next painted frame can come later.
    await expect.poll(async () => (await video.screenshot()).equals(a), { timeout: 3000, message: 'the picture moves' }).toBe(false);
    const api = (await httpJson<{ state: string; viewers: number; codec: string }>(`${gw.baseUrl}/api/v1/cameras/desk-cam`)).body;
    expect(api).toMatchObject({ state: 'live', viewers: 1 });
    expect(api.codec).toMatch(/^avc1\./);
    await act({ action: 'close-camera' });
    await page.waitForFunction(() => document.getElementById('main')?.getAttribute('data-path') === '/', undefined, { timeout: 5000 });
    expect(await cameraState()).toBeNull();
  }, 40_000);

  it('the public mirror has no camera route, and its pages no camera', async () => {
    expect((await fetch(`${gw.baseUrl}/public/cameras`)).status).toBe(404);
    expect((await fetch(`${gw.baseUrl}/public/cameras/desk-cam`)).status).toBe(404);
    const pub = await (await fetch(`${gw.baseUrl}/public`)).text();
    expect(pub).not.toContain('data-camera');
    expect(pub).not.toContain('camera-player.js');
  });

  it('the camera\'s password is nowhere: API, pages, setup, health, metrics, logs', async () => {
    for (const path of ['/api/v1/cameras', '/api/v1/cameras/desk-cam', '/cameras', '/cameras/desk-cam', '/setup', '/healthz', '/metrics', '/api/v1/actions/log']) {
      const text = await (await fetch(`${gw.baseUrl}${path}`, { headers: { 'sec-fetch-site': 'same-origin' } })).text();
      expect(text, path).not.toContain(PASSWORD);
    }
    expect(gw.logs().join('\n')).not.toContain(PASSWORD);
    expect(gw.stderr().join('\n')).not.toContain(PASSWORD);
  });

  it('the gateway SIGKILLed while a camera streams leaves no ffmpeg', async () => {
    await act({ action: 'open-camera', camera: 'desk-cam' });
    await page.waitForFunction(() => document.querySelector('video[data-camera="desk-cam"]')?.getAttribute('data-camera-state') === 'live', undefined, { timeout: 15_000 });
    const tree = await descendantPids(gw.pid);
    expect(tree.length).toBeGreaterThan(0);
    process.kill(gw.pid, 'SIGKILL');
    await gw.exited;
    await waitFor(() => tree.every((pid) => !pidRunning(pid)), { timeoutMs: 5000, intervalMs: 50, what: `ffmpeg and its guard (${tree.join(', ')}) to be gone` });
  }, 40_000);
});
