// One long-lived pocketsphinx_batch for one search (the command grammar, or the
// phone loop), so an utterance does not pay for loading the model: it reads
// control lines from a FIFO as they come and writes each utterance's `-hypseg`
// line to another at once. One utterance at a time; the answer is the line
// that carries the utterance's id (anything else is dropped and counted). A
// child that exits mid-utterance fails it; one that does not answer in time
// fails it and is restarted; the process port restarts a dead one with backoff.
// The decoder keeps no state between utterances that changes a score as long
// as it is run with `-dither no` (dither.ts does it per utterance instead) and
// each WAV is decoded whole (batch CMN): docs/decisions/2026-11-29-voice-recognizer.md.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildExit, ChildHandle, ChildState, ProcessPort } from '../../../../process/types.js';
import { BatchError, COMMAND, INSTALL_HINT } from './batch.js';
import { FifoEnd, makeFifos } from './fifo.js';
import { parseHypseg, type Hypseg } from './hypseg.js';

/** A hypothesis line longer than this is cut off and dropped (the parser's own bound is 64 KiB). */
const MAX_PENDING_BYTES = 128 * 1024;

export interface WarmSearchSpec {
  /** Unique among live children: `voice:search:cmd:0:2`. */
  readonly name: string;
  /** Everything but `-ctl` and `-hypseg`. */
  readonly args: readonly string[];
  /** Private directory (0700) of the FIFOs; `<dir>/<file>.ctl` and `.hyp`. */
  readonly dir: string;
  readonly file: string;
}

interface Pending { id: string; resolve: (h: Hypseg) => void; reject: (err: Error) => void; timer: NodeJS.Timeout }

export class WarmSearch {
  /** Lines that answered no utterance in flight (a late answer after a timeout, or garbage). */
  strays = 0;
  private pending: Pending | null = null;
  private partial = '';
  private stopped = false;
  private stopping: Promise<void> | null = null;
  /** Killed for not answering, and not gone yet: a line sent now could be read by the run being killed. */
  private restarting = false;

  private constructor(
    private readonly spec: WarmSearchSpec,
    private readonly ctl: FifoEnd,
    private readonly hyp: FifoEnd,
    private readonly handle: ChildHandle,
    private readonly paths: readonly string[],
  ) {}

  /** Makes the FIFOs and starts the child (its model loads while it waits for the first line). */
  static async start(processes: ProcessPort, spec: WarmSearchSpec): Promise<WarmSearch> {
    const ctlPath = join(spec.dir, `${spec.file}.ctl`);
    const hypPath = join(spec.dir, `${spec.file}.hyp`);
    await makeFifos(processes, `${spec.name}:mkfifo`, [ctlPath, hypPath]);
    const ctl = new FifoEnd(ctlPath);
    const hyp = new FifoEnd(hypPath);
    const ref: { search?: WarmSearch } = {};
    const handle = processes.spawn(
      {
        name: spec.name, command: COMMAND, args: [...spec.args, '-ctl', ctlPath, '-hypseg', hypPath], stdout: 'lines',
        restart: { minMs: 250, maxMs: 30_000, healthyAfterMs: 30_000 }, stopGraceMs: 500, installHint: INSTALL_HINT,
      },
      { exit: (exit) => ref.search?.onExit(exit) },
    );
    const search = new WarmSearch(spec, ctl, hyp, handle, [ctlPath, hypPath]);
    ref.search = search;
    hyp.read((chunk) => search.onData(chunk));
    return search;
  }

  get name(): string {
    return this.spec.name;
  }

  get state(): ChildState {
    return this.handle.health().state;
  }

  /** Whether an utterance sent now would be decoded: the child is up or loading (not waiting out a backoff). */
  usable(): boolean {
    const s = this.state;
    return !this.stopped && !this.restarting && (s === 'running' || s === 'starting');
  }

  /** Decodes `<dir of the WAVs>/<id>.wav`; rejects with a BatchError (exit, timeout, missing, stopped). */
  decode(id: string, timeoutMs: number): Promise<Hypseg> {
    if (this.stopped) return Promise.reject(new BatchError('the decoder is stopped', false));
    if (this.pending) return Promise.reject(new BatchError('the decoder is busy with another utterance', false));
    if (this.state === 'missing') return Promise.reject(new BatchError(this.handle.health().lastError ?? `${COMMAND} not found: ${INSTALL_HINT}`, true));
    return new Promise<Hypseg>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new BatchError(`${COMMAND} did not answer within ${timeoutMs} ms`, false));
        // It may still be decoding: a fresh child, so the next utterance does not wait behind this one.
        this.restarting = true;
        this.handle.restart('no answer in time');
      }, timeoutMs);
      this.pending = { id, resolve, reject, timer };
      if (!this.ctl.writeLine(id)) this.fail(new BatchError(`${COMMAND}'s control pipe is full or closed`, false));
    });
  }

  health(): { name: string; state: ChildState; pid: number | null; restarts: number; busy: boolean; strays: number } {
    const h = this.handle.health();
    return { name: this.spec.name, state: h.state, pid: h.pid, restarts: h.restarts, busy: this.pending !== null, strays: this.strays };
  }

  /** Stops the child (an utterance in flight fails), closes our ends and removes the FIFOs. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      this.fail(new BatchError('the decoder was stopped', false));
      await this.handle.stop();
      this.ctl.close();
      this.hyp.close();
      for (const p of this.paths) rmSync(p, { force: true });
    })();
    return this.stopping;
  }

  private onData(chunk: Buffer): void {
    this.partial += chunk.toString('utf8');
    let nl = this.partial.indexOf('\n');
    while (nl >= 0) {
      this.onLine(this.partial.slice(0, nl));
      this.partial = this.partial.slice(nl + 1);
      nl = this.partial.indexOf('\n');
    }
    if (this.partial.length > MAX_PENDING_BYTES) {
      this.partial = '';
      this.strays++;
    }
  }

  private onLine(line: string): void {
    const h = parseHypseg(line);
    const p = this.pending;
    if (!h || !p || h.id !== p.id) {
      this.strays++;
      return;
    }
    this.pending = null;
    clearTimeout(p.timer);
    p.resolve(h);
  }

  private onExit(exit: ChildExit): void {
    // What a dead child half wrote is no beginning of its successor's line.
    this.partial = '';
    this.restarting = false;
    if (exit.reason === 'stopped' && this.stopped) return;
    const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
    this.fail(new BatchError(`${COMMAND} exited mid-utterance (${how}, ${exit.reason})`, exit.reason === 'spawn-error' && this.state === 'missing'));
  }

  private fail(err: BatchError): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    clearTimeout(p.timer);
    p.reject(err);
  }
}
