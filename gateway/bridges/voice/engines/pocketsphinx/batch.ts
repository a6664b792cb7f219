// One run of pocketsphinx_batch over one utterance, as a one-shot child of the
// process port: it reads a control file naming the WAV, writes its hypothesis
// with scores (`-hypseg`) to a file, and exits. (A long-lived child cannot be
// fed through its stdin: the port's stdin is a socket, which
// pocketsphinx_batch's `-ctl /dev/stdin` cannot open.)
import { readFile } from 'node:fs/promises';
import type { ChildExit, ChildHandle, ProcessPort } from '../../../../process/types.js';
import { parseHypseg, type Hypseg } from './hypseg.js';

export const COMMAND = 'pocketsphinx_batch';
export const INSTALL_HINT = 'apt-get install pocketsphinx pocketsphinx-en-us';

export interface BatchRun {
  /** Unique among live children: `voice:decode:u12`. */
  name: string;
  args: readonly string[];
  /** The `-hypseg` file the run writes. */
  hypsegFile: string;
  timeoutMs: number;
}

export class BatchError extends Error {
  constructor(message: string, readonly missing: boolean) {
    super(message);
    this.name = 'BatchError';
  }
}

/** Runs pocketsphinx_batch once and returns its hypothesis line, parsed. */
export function runBatch(processes: ProcessPort, run: BatchRun): Promise<Hypseg> {
  return new Promise<Hypseg>((resolve, reject) => {
    let settled = false;
    const stderr: string[] = [];
    const finish = (err: Error | null, h?: Hypseg) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(h!);
    };
    let handle: ChildHandle | null = null;
    const onExit = (exit: ChildExit) => {
      // An implementation may report a failed spawn before spawn() returns.
      if (!handle) { queueMicrotask(() => onExit(exit)); return; }
      const health = handle.health();
      if (exit.reason === 'spawn-error' || health.state === 'missing') {
        finish(new BatchError(health.lastError ?? `${COMMAND} could not start: ${INSTALL_HINT}`, true));
        return;
      }
      if (exit.code !== 0) {
        finish(new BatchError(`${COMMAND} exited with code ${exit.code}${exit.signal ? ` (${exit.signal})` : ''}${stderr.length ? `: ${stderr.join(' ').slice(0, 300)}` : ''}`, false));
        return;
      }
      readFile(run.hypsegFile, 'utf8').then(
        (text) => {
          const line = text.split('\n').find((l) => l.trim().length > 0) ?? '';
          const h = parseHypseg(line);
          finish(h ? null : new BatchError(`${COMMAND} wrote no hypothesis`, false), h ?? undefined);
        },
        (err: Error) => finish(new BatchError(`${COMMAND} wrote no hypothesis: ${err.message}`, false)),
      );
    };
    handle = processes.spawn(
      { name: run.name, command: COMMAND, args: run.args, stdout: 'lines', restart: false, stopGraceMs: 500, installHint: INSTALL_HINT },
      {
        line: (line, stream) => { if (stream === 'stderr' && stderr.length < 5) stderr.push(line.slice(0, 200)); },
        exit: onExit,
      },
    );
    const timer = setTimeout(() => {
      finish(new BatchError(`${COMMAND} did not finish within ${run.timeoutMs} ms`, false));
      void handle?.stop();
    }, run.timeoutMs);
  });
}
