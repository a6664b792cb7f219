// The long-lived decoders: one lane per utterance decoded at once, each lane a
// command-grammar search and a phone-loop search (warm-search.ts). The phone
// loop does not depend on the grammar; the command search's FSG is a file
// argument, so a new grammar starts a new command child (idle lanes at once,
// a busy lane when its utterance is done) and the old one is stopped. The
// FIFOs live in a private directory made here and removed on stop. When the
// FIFOs cannot be made, the pool says so and hands out no search: the
// recognizer decodes one-shot instead.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../../../../logger.js';
import type { ProcessPort } from '../../../../process/types.js';
import { WarmSearch } from './warm-search.js';

export interface GrammarFiles { readonly fsg: string; readonly dict: string }

export interface SearchArgs {
  command(g: GrammarFiles): readonly string[];
  loop(): readonly string[];
}

interface Lane { loop: Promise<WarmSearch> | null; command: { fsg: string; search: Promise<WarmSearch> } | null }

export interface LaneSearches { command: WarmSearch | null; loop: WarmSearch | null }

const FIFO_PREFIX = 'fifos-';

export class WarmPool {
  private readonly dir: string;
  private readonly lanes: Lane[];
  private readonly free: number[];
  private readonly retiring = new Set<Promise<void>>();
  private readonly started: WarmSearch[] = [];
  private gen = 0;
  private unavailable: string | null = null;
  private stopped = false;

  constructor(private readonly processes: ProcessPort, workDir: string, private readonly args: SearchArgs, size: number, private readonly log: Logger) {
    // Left by a run that was killed: pipes of children long gone.
    for (const f of readdirSync(workDir)) if (f.startsWith(FIFO_PREFIX)) rmSync(join(workDir, f), { recursive: true, force: true });
    this.dir = mkdtempSync(join(workDir, FIFO_PREFIX));
    this.lanes = Array.from({ length: size }, () => ({ loop: null, command: null }));
    this.free = this.lanes.map((_, i) => i).reverse();
  }

  /** Starts (or, for a new grammar, restarts) the searches of every idle lane. */
  prepare(g: GrammarFiles): void {
    for (const i of this.free) void this.searches(i, g);
  }

  /** A lane for one utterance; the caller holds one of the recognizer's slots, so one is free. */
  acquire(): number {
    const i = this.free.pop();
    if (i === undefined) throw new Error('no free decoder lane');
    return i;
  }

  release(i: number): void {
    this.free.push(i);
  }

  /** The lane's searches for this grammar, started if need be; null for one that cannot decode now (use one-shot). */
  async searches(i: number, g: GrammarFiles): Promise<LaneSearches> {
    const lane = this.lanes[i]!;
    if (this.stopped || this.unavailable) return { command: null, loop: null };
    lane.loop ??= this.start('loop', i, this.args.loop());
    if (lane.command?.fsg !== g.fsg) {
      if (lane.command) this.retire(lane.command.search);
      lane.command = { fsg: g.fsg, search: this.start('cmd', i, this.args.command(g)) };
    }
    const [command, loop] = await Promise.all([usable(lane.command.search), usable(lane.loop)]);
    return { command, loop };
  }

  health(): { mode: 'long-lived' | 'one-shot'; reason: string | null; searches: ReturnType<WarmSearch['health']>[] } {
    return { mode: this.unavailable ? 'one-shot' : 'long-lived', reason: this.unavailable, searches: this.started.map((s) => s.health()) };
  }

  /** Stops every search (an utterance in flight fails) and removes the FIFOs. */
  async stop(): Promise<void> {
    this.stopped = true;
    const current = this.lanes.flatMap((l) => [l.loop, l.command?.search]);
    await Promise.all(current.map(async (p) => (await p?.catch(() => null))?.stop()));
    await Promise.all([...this.retiring]);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private start(tag: 'cmd' | 'loop', lane: number, args: readonly string[]): Promise<WarmSearch> {
    const gen = ++this.gen;
    const p = WarmSearch.start(this.processes, { name: `voice:search:${tag}:${lane}:${gen}`, args, dir: this.dir, file: `${tag}-${lane}-${gen}` });
    return p.then(
      (s) => {
        this.started.push(s);
        // Stopped while its pipes were being made.
        if (this.stopped) void s.stop();
        return s;
      },
      (err: Error) => {
        if (!this.unavailable) {
          this.unavailable = `long-lived decoders unavailable (${err.message}): one child per utterance`;
          this.log.warn({ err: err.message }, 'voice: cannot start a long-lived pocketsphinx_batch; decoding one-shot');
        }
        throw err;
      },
    );
  }

  private retire(search: Promise<WarmSearch>): void {
    const done = search.then((s) => s.stop().then(() => {
      const at = this.started.indexOf(s);
      if (at >= 0) this.started.splice(at, 1);
    })).catch(() => undefined).finally(() => this.retiring.delete(done));
    this.retiring.add(done);
  }
}

async function usable(p: Promise<WarmSearch>): Promise<WarmSearch | null> {
  const s = await p.catch(() => null);
  return s?.usable() ? s : null;
}
