// A real pocketsphinx recognizer for tests, with its process port recorded:
// which children it spawned, so a test can find them, kill them, and check that
// none is left. Utterances are espeak-ng speech in seeded noise (scripts/voice/corpus.ts).
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { ENGINES } from '../../gateway/bridges/voice/engines/registry.js';
import type { Grammar, Recognizer } from '../../gateway/bridges/voice/engines/types.js';
import { parseWav, type Pcm16k } from '../../gateway/bridges/voice/wav.js';
import { createProcessSupervisor, type ProcessSupervisor } from '../../gateway/process/index.js';
import type { ChildSpec, ProcessPort } from '../../gateway/process/types.js';
import { Corpus, type Rendering } from '../../scripts/voice/corpus.js';

export interface RecognizerRig {
  recognizer: Recognizer;
  processes: ProcessSupervisor;
  /** Every spec spawned through the port, in order. */
  spawned: ChildSpec[];
  workDir: string;
}

/** `rewrite` may change a spec before it is spawned (e.g. make `mkfifo` fail). */
export function recognizerRig(dir: string, opts: { concurrency?: number; rewrite?: (spec: ChildSpec) => ChildSpec } = {}): RecognizerRig {
  const log = pino({ level: 'warn' });
  const processes = createProcessSupervisor({ log });
  const spawned: ChildSpec[] = [];
  const port: ProcessPort = {
    spawn: (spec, events) => {
      const s = opts.rewrite ? opts.rewrite(spec) : spec;
      spawned.push(s);
      return processes.spawn(s, events);
    },
    list: () => processes.list(),
  };
  const workDir = join(dir, 'engine');
  const recognizer = ENGINES.pocketsphinx.create({ processes: port, log, workDir, now: () => performance.now() }, { model: null, concurrency: opts.concurrency ?? 1 });
  return { recognizer, processes, spawned, workDir };
}

export function grammarOf(sentences: string[]): Grammar {
  return { lang: 'en', sentences, hash: createHash('sha256').update(sentences.join('\n')).digest('hex') };
}

const SPEECH: Rendering = { voice: 'en-us', wpm: 160, noise: 'white', snrDb: 20, padBeforeMs: 300, padAfterMs: 300, gainDb: 0, seed: 7 };

/** The sentence said by espeak-ng in noise, as audio. */
export async function spoken(dir: string, text: string, r: Partial<Rendering> = {}): Promise<Pcm16k> {
  mkdirSync(join(dir, 'corpus'), { recursive: true });
  const wav = await new Corpus(join(dir, 'corpus')).render(text, { ...SPEECH, ...r });
  const parsed = parseWav(wav);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.pcm;
}

/** Whether a process (group leader) is alive. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
