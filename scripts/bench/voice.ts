// Bench section "voice" (issue 20): end of speech → action dispatched, through
// the microphone path — capture (the stand-in arecord: no sound card here,
// scripts/rig/fake-arecord.cjs, real-time raw samples), voice-activity
// detection, Debian's pocketsphinx, the actions service — for "next page" and
// "previous page" said after push-to-talk, one at a time. Measured from
// outside (the stream's clock at the last audible sample of the speech → the
// action log's time of the page turn) and by the gateway itself (its health:
// end of speech → dispatch, of which the hangover and the recognizer). The
// baseline in the same run: the same WAVs posted to /api/v1/voice/recognize
// ?act=1 (no capture, no voice-activity detection: upload → acted).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installed } from '../../gateway/bridges/voice/index.js';
import { FakeMicrophone } from '../rig/fake-microphone.js';
import { startGateway } from '../rig/gateway.js';
import { httpJson } from '../rig/http.js';
import { removeDir, tempDir } from '../rig/tmp.js';
import { waitFor } from '../rig/wait.js';
import { Corpus, type Rendering } from '../voice/corpus.js';
import { pctOf } from './latency.js';
import { printTable } from './report.js';
import type { Section } from './section.js';

const SPEECH: Rendering = { voice: 'en-us', wpm: 160, noise: 'white', snrDb: 30, padBeforeMs: 300, padAfterMs: 900, gainDb: 0, seed: 9 };
const PHRASES = ['next page', 'previous page'];

interface LogEntry { id: number; at: number; action: string; source: string }
interface Summary { p50: number; p95: number; n: number }
interface MicHealth { state: string; endToAction: Summary | null; endDecided: Summary | null; recognition: Summary | null; counters: Record<string, number> }

const pct = (xs: number[], p: number) => Math.round(pctOf(xs, p));

/** Where the speech itself ends in espeak-ng's samples (it pads its own output with silence). */
function lastAudibleMs(samples: Int16Array): number {
  let last = samples.length - 1;
  while (last > 0 && Math.abs(samples[last]!) < 300) last--;
  return ((last + 1) * 1000) / 16000;
}

/** What the voice sections need and this machine lacks. */
export function missingVoiceTools(): string[] {
  return ['pocketsphinx_batch', 'espeak-ng', 'sox'].filter((c) => !installed(c));
}

export const voice: Section = {
  name: 'voice',
  async run(ctx) {
    const missing = missingVoiceTools();
    if (missing.length) {
      console.log(`Voice: not measured — ${missing.join(', ')} not installed (apt-get install pocketsphinx pocketsphinx-en-us espeak-ng sox)\n`);
      ctx.results.voice = { skipped: `missing ${missing.join(', ')}` };
      return;
    }
    const n = ctx.options.idleSeconds <= 3 ? 10 : 30;
    const dir = tempDir('bench-voice');
    ctx.track('voice dir', async () => removeDir(dir));
    const mic = new FakeMicrophone(join(dir, 'mic'));
    mkdirSync(join(dir, 'corpus'));
    const corpus = new Corpus(join(dir, 'corpus'));
    const file = join(dir, 'office.yaml');
    writeFileSync(file, ['office: { id: bench-voice }', 'upstream: { url: null }', 'localBroker: { port: 0 }', 'demo: { simulator: false }',
      'voice: { enabled: true, device: "bench-mic", listenSeconds: 15 }', ''].join('\n'));
    const gw = await startGateway({ env: { SCPM_CONFIG: file, SCPM_UPSTREAM_URL: undefined, PATH: mic.path() } });
    ctx.track('gateway (voice)', () => gw.dispose());
    await gw.waitHealthy();
    const micHealth = async () => (await httpJson<{ bridges: Record<string, { microphone?: MicHealth }> }>(`${gw.baseUrl}/healthz`)).body.bridges.voice?.microphone;
    await waitFor(async () => (await micHealth())?.state === 'capturing', { timeoutMs: 30_000, what: 'the microphone capturing' });
    const wavs = await Promise.all(PHRASES.map((p) => corpus.render(p, SPEECH)));
    const speechEndMs = await Promise.all(PHRASES.map(async (p) => SPEECH.padBeforeMs + lastAudibleMs(await corpus.speech(p, SPEECH.voice, SPEECH.wpm))));
    const lastVoiceId = async () => {
      const items = (await httpJson<{ items: LogEntry[] }>(`${gw.baseUrl}/api/v1/actions/log?limit=5`)).body.items;
      return items.find((e) => e.source === 'voice' && (e.action === 'next-page' || e.action === 'previous-page')) ?? null;
    };

    const external: number[] = [];
    let misses = 0;
    for (let i = 0; i < n; i++) {
      const k = i % PHRASES.length;
      const before = (await lastVoiceId())?.id ?? 0;
      await httpJson(`${gw.baseUrl}/api/v1/actions`, { method: 'POST', body: JSON.stringify({ screen: 'wall', action: 'listen' }) });
      const name = mic.say(wavs[k]!);
      let entry: LogEntry | null = null;
      await waitFor(async () => {
        const e = await lastVoiceId();
        if (e && e.id > before) entry = e;
        return entry !== null || (mic.quiet && Date.now() - (mic.startedAt(name) ?? Date.now()) > 8000);
      }, { timeoutMs: 20_000, what: `utterance ${i + 1}`, intervalMs: 10 });
      const started = mic.startedAt(name);
      if (entry === null || started === null) misses++;
      else external.push((entry as LogEntry).at - (started + speechEndMs[k]!));
      await waitFor(() => mic.quiet, { timeoutMs: 10_000, what: 'the room quiet' });
    }
    const own = await micHealth();

    const http: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      const r = await fetch(`${gw.baseUrl}/api/v1/voice/recognize?act=1`, { method: 'POST', headers: { 'content-type': 'audio/wav' }, body: new Uint8Array(wavs[i % PHRASES.length]!) });
      await r.arrayBuffer();
      if (r.ok) http.push(performance.now() - t);
    }
    await gw.stop();

    const row = (what: string, s: Summary | null, aim = '') => [what, s ? `${s.p50} ms` : '-', s ? `${s.p95} ms` : '-', String(s?.n ?? 0), aim];
    const ext: Summary | null = external.length ? { p50: pct(external, 50), p95: pct(external, 95), n: external.length } : null;
    const base: Summary | null = http.length ? { p50: pct(http, 50), p95: pct(http, 95), n: http.length } : null;
    printTable(`Voice: end of speech → action (microphone path: stand-in arecord → VAD → pocketsphinx → actions; ${n} utterances, ${misses} not acted on)`, ['measured', 'p50', 'p95', 'n', 'aim'], [
      row('end of speech → page turn logged (from outside)', ext, 'p95 ≤ 300 ms'),
      row('  gateway: end of speech → first dispatch', own?.endToAction ?? null),
      row('  of which end decided (hangover)', own?.endDecided ?? null),
      row('  of which recognizer', own?.recognition ?? null),
      row('baseline: WAV upload → acted (HTTP, no capture)', base),
    ]);
    const c = own?.counters ?? {};
    console.log(`decoded ahead at a pause ${c.decodedAhead ?? 0} times, the answer used ${c.aheadUsed ?? 0} times (the rest: the speaker went on)`);
    if (ext && base) console.log(`microphone path / HTTP upload (p50): ${(ext.p50 / base.p50).toFixed(2)}\n`);
    ctx.results.voice = { n, misses, external: ext, gateway: own ?? null, httpBaseline: base };
  },
};
