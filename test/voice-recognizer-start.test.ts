// The recogniser's start with the real pocketsphinx: `load` compiles the grammar
// and returns; the warm-up decode (a quarter second of quiet, so a broken install
// shows in health before anyone speaks) runs behind it, health says "starting"
// until it is done, and an utterance said meanwhile queues behind it. A second
// load while warming starts no second warm-up. The decodes run in the two
// long-lived children started at load (a command grammar search and a phone loop).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ENGINES } from '../gateway/bridges/voice/engines/registry.js';
import type { Grammar } from '../gateway/bridges/voice/engines/types.js';
import { pcm16k } from '../gateway/bridges/voice/wav.js';
import { createProcessSupervisor } from '../gateway/process/index.js';
import type { ProcessPort } from '../gateway/process/types.js';
import { removeDir, tempDir } from '../scripts/rig/tmp.js';

const dir = tempDir('voice-start');
const log = pino({ level: 'warn' });
const processes = createProcessSupervisor({ log });
const batches: string[] = [];
const port: ProcessPort = {
  spawn: (spec, events) => {
    if (spec.command === 'pocketsphinx_batch') batches.push(spec.name);
    return processes.spawn(spec, events);
  },
  list: () => processes.list(),
};
const recognizer = ENGINES.pocketsphinx.create({ processes: port, log, workDir: join(dir, 'engine'), now: () => performance.now() }, { model: null });

function grammar(sentences: string[]): Grammar {
  return { lang: 'en', sentences, hash: createHash('sha256').update(sentences.join('\n')).digest('hex') };
}

afterAll(async () => {
  await recognizer.stop();
  await processes.stopAll(3000);
  removeDir(dir);
});

describe('pocketsphinx recogniser start', () => {
  it('returns from load before the warm-up decode, says "starting" until it is done, and queues an utterance behind it', async () => {
    const g = grammar(['show the map', 'go back', 'next page']);
    const report = await recognizer.load(g);
    expect(report.unsupported).toEqual([]);
    expect(recognizer.health()).toMatchObject({ state: 'starting', active: 1, waiting: 0, recognitions: 0 }); // the warm-up, under way

    await recognizer.load(g); // the catalogue rebuilt while warming
    expect(recognizer.health()).toMatchObject({ active: 1, waiting: 0 });

    const heard = recognizer.recognize(pcm16k(new Int16Array(8000)), g);
    expect(recognizer.health()).toMatchObject({ active: 1, waiting: 1 }); // behind the warm-up
    expect((await heard).confidence).toBeGreaterThanOrEqual(0);
    expect(recognizer.health()).toMatchObject({ state: 'running', recognitions: 2 }); // the warm-up, then the utterance: no second warm-up
    // One child per search, started in either order (each makes its pipes first): no second warm-up started any.
    expect(batches.map((n) => n.replace(/:\d+:\d+$/, '')).sort()).toEqual(['voice:search:cmd', 'voice:search:loop']);
  }, 60_000);
});
