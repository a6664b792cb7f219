// The long-lived pocketsphinx children when things go wrong, with the real
// pocketsphinx: a child killed mid-utterance, a child that stops answering,
// lines that answer no utterance, and a stop during a decode. Each utterance
// gets one answer — its own, or an error with the recognizer's codes — and
// never hangs; a dead child is restarted; a stop leaves no child and no pipe.
import { existsSync, openSync, readdirSync, writeSync, closeSync, constants } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RecognizerError } from '../gateway/bridges/voice/engines/types.js';
import { pcm16k, type Pcm16k } from '../gateway/bridges/voice/wav.js';
import { removeDir, tempDir } from '../scripts/rig/tmp.js';
import { waitFor } from '../scripts/rig/wait.js';
import { alive, grammarOf, recognizerRig, spoken, type RecognizerRig } from './rig/recognizer.js';

interface SearchHealth { name: string; state: string; pid: number | null; restarts: number; busy: boolean; strays: number }
interface Decoders { mode: string; searches: SearchHealth[]; oneShots: number }

const dir = tempDir('voice-faults');
const rigs: RecognizerRig[] = [];
const G = grammarOf(['next page', 'previous page', 'show the map', 'go to gangnam', 'show the weather in seoul']);
let short: Pcm16k;
let long: Pcm16k;

const decoders = (r: RecognizerRig) => r.recognizer.health().decoders as Decoders;
const search = (r: RecognizerRig, tag: 'cmd' | 'loop') => decoders(r).searches.find((s) => s.name.startsWith(`voice:search:${tag}:`))!;
const codeOf = (p: Promise<unknown>) => p.then(() => 'answered', (err: unknown) => (err instanceof RecognizerError ? err.code : `not a RecognizerError: ${String(err)}`));

async function started(name: string): Promise<RecognizerRig> {
  const r = recognizerRig(join(dir, name));
  rigs.push(r);
  await r.recognizer.load(G);
  await r.recognizer.recognize(short, G); // behind the warm-up: both children up
  return r;
}

/** Waits until the command child has the utterance. */
const decoding = (r: RecognizerRig) => waitFor(() => search(r, 'cmd').busy, { timeoutMs: 10_000, intervalMs: 5, what: 'the command child to take the utterance' });

beforeAll(async () => {
  short = await spoken(dir, 'go to gangnam');
  // About 20 s of speech: long enough to decode that a kill or a stop lands mid-utterance.
  const parts = await Promise.all(['show the weather in seoul please and then the map', 'go to gangnam and show the next page', 'previous page then the map of the city and the weather'].map((t, i) => spoken(dir, t, { wpm: 110, seed: 30 + i })));
  const samples = parts.flatMap((p) => [p, p]).map((p) => p.samples);
  const all = new Int16Array(samples.reduce((n, s) => n + s.length, 0));
  samples.reduce((at, s) => (all.set(s, at), at + s.length), 0);
  long = pcm16k(all);
}, 60_000);

afterAll(async () => {
  for (const r of rigs) {
    await r.recognizer.stop();
    await r.processes.stopAll(3000);
  }
  removeDir(dir);
});

describe('long-lived pocketsphinx decoders, faults', () => {
  it('fails the utterance whose child is killed mid-decode, restarts the child, and decodes the next ones', async () => {
    const r = await started('killed');
    const reference = await r.recognizer.recognize(short, G);
    const before = search(r, 'cmd');
    const heard = codeOf(r.recognizer.recognize(long, G));
    await decoding(r);
    process.kill(-before.pid!, 'SIGKILL');
    expect(await heard).toBe('timeout');
    expect(String(r.recognizer.health().detail)).toMatch(/exited mid-utterance/);
    // At once (the child waits out its backoff): answered all the same, by a one-shot child if need be.
    expect((await r.recognizer.recognize(short, G)).scores).toEqual(reference.scores);
    await waitFor(() => search(r, 'cmd').restarts >= 1 && search(r, 'cmd').state === 'running', { timeoutMs: 15_000, what: 'the command child restarted' });
    expect(search(r, 'cmd').pid).not.toBe(before.pid);
    const oneShots = decoders(r).oneShots;
    expect((await r.recognizer.recognize(short, G)).scores).toEqual(reference.scores);
    expect(decoders(r).oneShots).toBe(oneShots); // in the restarted long-lived child
  }, 60_000);

  it('fails an utterance its child does not answer in time, and restarts the child', async () => {
    const r = await started('frozen');
    const reference = await r.recognizer.recognize(short, G);
    const frozen = search(r, 'cmd');
    process.kill(-frozen.pid!, 'SIGSTOP');
    const t0 = Date.now();
    expect(await codeOf(r.recognizer.recognize(short, G))).toBe('timeout');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(5000); // the per-utterance bound: 5 s + the audio
    expect(String(r.recognizer.health().detail)).toMatch(/did not answer within/);
    // Said at once, while the frozen child is being killed: not sent to it (it would fail with it), answered one-shot.
    const oneShots = decoders(r).oneShots;
    expect((await r.recognizer.recognize(short, G)).scores).toEqual(reference.scores);
    expect(decoders(r).oneShots).toBe(oneShots + 1);
    await waitFor(() => !alive(frozen.pid!), { timeoutMs: 10_000, what: 'the frozen child killed' });
    await waitFor(() => search(r, 'cmd').state === 'running' && search(r, 'cmd').pid !== frozen.pid, { timeoutMs: 15_000, what: 'a new command child' });
    expect((await r.recognizer.recognize(short, G)).scores).toEqual(reference.scores);
  }, 60_000);

  it('takes an answer only from the line with its utterance id', async () => {
    const r = await started('strays');
    const reference = await r.recognizer.recognize(long, G);
    const heard = r.recognizer.recognize(long, G);
    await decoding(r);
    const fifoDir = join(r.workDir, readdirSync(r.workDir).find((f) => f.startsWith('fifos-'))!);
    const hyp = join(fifoDir, readdirSync(fifoDir).find((f) => f.startsWith('cmd-') && f.endsWith('.hyp'))!);
    const fd = openSync(hyp, constants.O_WRONLY | constants.O_NONBLOCK);
    writeSync(fd, 'u999 S 0 T -100 A -100 L 0 0 -100 0 next 30\nnot a hypothesis line\n');
    closeSync(fd);
    const answer = await heard;
    expect({ text: answer.text, scores: answer.scores }).toEqual({ text: reference.text, scores: reference.scores });
    expect(search(r, 'cmd').strays).toBe(2);
  }, 60_000);

  it('stops during a decode: the utterance fails as stopped, no child is left, the pipes are gone', async () => {
    const r = await started('stopped');
    const pids = decoders(r).searches.map((s) => s.pid!);
    expect(pids).toHaveLength(2);
    const heard = codeOf(r.recognizer.recognize(long, G));
    await decoding(r);
    await r.recognizer.stop();
    expect(await heard).toBe('stopped');
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(r.processes.list().filter((c) => c.name.startsWith('voice:'))).toEqual([]);
    expect(readdirSync(r.workDir).filter((f) => f.startsWith('fifos-'))).toEqual([]);
    expect(readdirSync(join(r.workDir, 'audio'))).toEqual([]);
    expect(await codeOf(r.recognizer.recognize(short, G))).toBe('stopped');
    expect(existsSync(r.workDir)).toBe(true);
  }, 60_000);
});

