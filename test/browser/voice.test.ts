// Voice through the real gateway: espeak-ng speech (sox to 16 kHz) posted to
// /api/v1/voice/recognize, recognised by Debian's pocketsphinx through the
// process supervisor. With ?act=1 the open wall page in Chromium moves; noise
// and hostile bodies never act and cost one answer each (415/413) with a
// counter; the principal is the mount's, never the client's header; the
// commands, the help overlay, /help/voice and the setup panel list them.
import { request } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, httpJson, waitFor, writeConfig, type Gateway } from '../rig/index.js';
import { Corpus, noiseBurst, silence, type Rendering } from '../../scripts/voice/corpus.js';
import { encodeWav, pcm16k } from '../../gateway/bridges/voice/wav.js';
import { openLiveWall } from './browser.js';

const rig = new Rig('browser-voice');
let gw: Gateway;
let page: Page;
let corpus: Corpus;
const CLEAN: Rendering = { voice: 'en-us', wpm: 160, noise: 'white', snrDb: 30, padBeforeMs: 400, padAfterMs: 500, gainDb: 0, seed: 7 };

interface VoiceAnswer { text: string; action: unknown; confidence: number; acted: boolean; outcome: string; error?: string; reason?: string; expected?: string }
const recognize = async (body: Uint8Array, query = '', headers: Record<string, string> = {}) => {
  const r = await fetch(`${gw.baseUrl}/api/v1/voice/recognize${query}`, { method: 'POST', headers: { 'content-type': 'audio/wav', ...headers }, body: Buffer.from(body) });
  return { status: r.status, body: (await r.json()) as VoiceAnswer };
};
/** The status of a POST of `bytes` of audio (the server may answer and close before the body is all sent). */
const postStatus = (path: string, bytes: number) => new Promise<number>((resolve, reject) => {
  const url = new URL(path, gw.baseUrl);
  const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'audio/wav', 'content-length': String(bytes) } }, (res) => {
    res.resume();
    resolve(res.statusCode ?? 0);
  });
  req.on('error', (err) => (/EPIPE|ECONNRESET/.test(String((err as NodeJS.ErrnoException).code)) ? undefined : reject(err)));
  req.end(Buffer.alloc(bytes));
});
const mainPath = () => page.evaluate(() => document.getElementById('main')?.getAttribute('data-path') ?? '');
const voiceHealth = async () => (await httpJson<{ bridges: Record<string, { state: string; counters?: Record<string, number> }> }>(`${gw.baseUrl}/healthz`)).body.bridges.voice!;

beforeAll(async () => {
  const dir = rig.tempDir('cfg');
  corpus = new Corpus(rig.tempDir('corpus'));
  const file = writeConfig(dir, { officeId: 'voice-office', extra: [
    'voice: { enabled: true }',
  ].join('\n') });
  gw = await rig.gateway({ env: { SCPM_CONFIG: file, SCPM_UPSTREAM_URL: undefined } });
  await gw.waitHealthy();
  await waitFor(async () => (await voiceHealth()).state === 'running', { timeoutMs: 30_000, what: 'the voice bridge running' });
  // The demo's city (the simulator) names the districts, categories and open incidents the commands are made from.
  await waitFor(async () => (await httpJson<{ lang: string }[]>(`${gw.baseUrl}/api/v1/voice/commands`)).body.filter((c) => c.lang === 'en').length >= 200, { timeoutMs: 30_000, what: 'the demo city named' });
  await waitFor(async () => (await httpJson<{ items: unknown[] }>(`${gw.baseUrl}/api/v1/incidents`)).body.items?.length > 0, { timeoutMs: 30_000, what: 'an open incident' });
  page = (await openLiveWall(rig, gw.baseUrl)).page;
}, 90_000);
afterAll(() => rig.cleanup(), 60_000);

describe('voice on the wall', () => {
  it('lists over 200 English commands with their actions, and their Korean phrasings', async () => {
    const r = await httpJson<{ text: string; lang: string; action: unknown }[]>(`${gw.baseUrl}/api/v1/voice/commands`);
    expect(r.status).toBe(200);
    const en = r.body.filter((c) => c.lang === 'en');
    expect(en.length).toBeGreaterThanOrEqual(200);
    expect(r.body.filter((c) => c.lang === 'ko').length).toBeGreaterThan(150);
    expect(en.find((c) => c.text === 'go to pledges')?.action).toEqual({ action: 'navigate', page: 'pledges' });
  });

  it('an utterance with ?act=1 moves the open page in Chromium, recorded as voice by the caller', async () => {
    expect(await mainPath()).toBe('/');
    const wav = await corpus.render('go to pledges', CLEAN);
    // A client's own principal header is not believed: the mount sets it from the credentials (here: this machine).
    const r = await recognize(wav, '?act=1&screen=wall', { 'x-scpm-principal': 'api' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ text: 'go to pledges', acted: true, outcome: 'matched', action: { action: 'navigate', page: 'pledges' } });
    await page.waitForFunction(() => document.getElementById('main')?.getAttribute('data-path') === '/pledges', undefined, { timeout: 5000 });
    const log = (await httpJson<{ items: { action: string; source: string; principal: string }[] }>(`${gw.baseUrl}/api/v1/actions/log`)).body.items;
    expect(log.find((e) => e.action === 'navigate' && e.source === 'voice')).toMatchObject({ principal: 'loopback:wall' });
  }, 30_000);

  it('without act it only says what it heard; a two-step command runs in order', async () => {
    const heard = await recognize(await corpus.render('go home', CLEAN));
    expect(heard.body).toMatchObject({ text: 'go home', acted: false });
    expect(await mainPath()).toBe('/pledges');
    const r = await recognize(await corpus.render('open the first incident', CLEAN), '?act=1');
    expect(r.body.acted).toBe(true);
    expect(Array.isArray(r.body.action)).toBe(true);
    // Both steps, in order: the incidents' page, then the first one open (the next test starts from where this ends).
    await page.waitForFunction(() => /^\/urban\?open=incident/.test(document.getElementById('main')?.getAttribute('data-path') ?? ''), undefined, { timeout: 5000 });
  }, 30_000);

  it('noise, silence and talk never act', async () => {
    const before = await mainPath();
    for (const wav of [
      noiseBurst({ kind: 'pink', burstSeconds: 1.2, levelDbfs: -20, padSeconds: 0.4, seed: 3 }),
      silence(2, 5),
      await corpus.render('could you pass me the stapler please', CLEAN),
    ]) {
      const r = await recognize(wav, '?act=1');
      expect(r.status).toBe(200);
      expect(r.body.acted).toBe(false);
      expect(r.body.action).toBeNull();
    }
    expect(await mainPath()).toBe(before);
  }, 30_000);

  it('hostile bodies: one answer each, saying what is expected, counted; the gateway goes on', async () => {
    const rejectedBefore = (await voiceHealth()).counters?.audioRejected ?? 0;
    const plain = await fetch(`${gw.baseUrl}/api/v1/voice/recognize`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'go to pledges' });
    expect(plain.status).toBe(415);
    expect(await plain.text()).toContain('audio/wav');
    const garbage = await recognize(new TextEncoder().encode('RIFF\u0004\u0000\u0000\u0000WAVEjunkjunkjunk'));
    expect(garbage.status).toBe(415);
    expect(garbage.body.error).toMatch(/expected audio\/wav: RIFF\/WAVE, PCM 16-bit/);
    const stereo = encodeWav(pcm16k(new Int16Array(16000)));
    stereo.writeUInt16LE(2, 22); // channels: 2
    expect((await recognize(stereo)).status).toBe(415);
    const long = encodeWav(pcm16k(new Int16Array(16000 * 31))); // 31 s: under the upload bound, over the audio bound
    const tooLong = await recognize(long);
    expect(tooLong.status).toBe(413);
    expect(tooLong.body.error).toMatch(/at most 30 s/);
    expect(await postStatus('/api/v1/voice/recognize', 3 * 1024 * 1024)).toBe(413); // over the upload bound: refused before it is read
    const badScreen = await recognize(stereo, '?act=1&screen=../../etc');
    expect(badScreen.status).toBe(400);
    expect((await voiceHealth()).counters?.audioRejected).toBe(rejectedBefore + 3);
    // And it still hears.
    expect((await recognize(await corpus.render('next page', CLEAN))).body.text).toBe('next page');
  }, 30_000);

  it('the help overlay offers some commands and links /help/voice, which lists them all', async () => {
    await httpJson(`${gw.baseUrl}/api/v1/actions`, { method: 'POST', body: JSON.stringify({ action: 'show-help' }) });
    await page.waitForSelector('#overlay .help .say li', { timeout: 5000 });
    expect(await page.locator('#overlay .help .say li').count()).toBe(12);
    await httpJson(`${gw.baseUrl}/api/v1/actions`, { method: 'POST', body: JSON.stringify({ action: 'hide-help' }) });
    // The commands follow the city's names, which arrive with its data: the list grows to them within seconds.
    let help = '';
    const deadline = Date.now() + 10_000;
    do {
      help = await (await fetch(`${gw.baseUrl}/help/voice`)).text();
      if (Number(/data-count="(\d+)"/.exec(help)?.[1] ?? 0) >= 200) break;
      await new Promise((r) => setTimeout(r, 250));
    } while (Date.now() < deadline);
    expect(help).toContain('“go to pledges”');
    expect(Number(/data-count="(\d+)"/.exec(help)![1])).toBeGreaterThanOrEqual(200);
    expect((await fetch(`${gw.baseUrl}/public/help/voice`)).status).toBe(404);
  }, 20_000);

  it("the setup page's test button says a command through the recognizer and shows it in the panel's history", async () => {
    const r = await httpJson<{ said: string; text: string; right: boolean; acted: boolean }>(`${gw.baseUrl}/api/v1/voice/setup/test`, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(r.body.acted).toBe(false);
    expect(r.body.said.length).toBeGreaterThan(0);
    const setup = await (await fetch(`${gw.baseUrl}/setup`)).text();
    expect(setup).toContain('data-voice-state="running"');
    expect(setup).toContain('data-bridge-action="/api/v1/voice/setup/test"');
    expect(setup).toMatch(/voice-history/);
  }, 30_000);
});
