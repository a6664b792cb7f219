// One run of pocketsphinx_batch over one utterance, as a one-shot child of the
// process port: it reads a control file naming the WAV, writes its hypothesis
// with scores (`-hypseg`) to a file, and exits — the recognizer's way when its
// long-lived child (warm-search.ts) cannot take the utterance. `runOnce` is the
// one one-shot runner of pocketsphinx's programs (the keyphrase spotter and
// `mkfifo` use it too).
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

export interface OneShot {
  name: string;
  command: string;
  args: readonly string[];
  timeoutMs: number;
  /** Each stdout line, as it comes. */
  onStdout?: (line: string) => void;
}

/**
 * Runs one of pocketsphinx's programs once through the process port; resolves
 * when it exits 0, rejects with a BatchError (missing, a failure with its first
 * stderr lines, or the timeout, which also stops it).
 */
export function runOnce(processes: ProcessPort, run: OneShot): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const stderr: string[] = [];
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve();
    };
    let handle: ChildHandle | null = null;
    const onExit = (exit: ChildExit) => {
      // An implementation may report a failed spawn before spawn() returns.
      if (!handle) { queueMicrotask(() => onExit(exit)); return; }
      const health = handle.health();
      if (exit.reason === 'spawn-error' || health.state === 'missing') finish(new BatchError(health.lastError ?? `${run.command} could not start: ${INSTALL_HINT}`, true));
      else if (exit.code !== 0) finish(new BatchError(`${run.command} exited with code ${exit.code}${exit.signal ? ` (${exit.signal})` : ''}${stderr.length ? `: ${stderr.join(' ').slice(0, 300)}` : ''}`, false));
      else finish(null);
    };
    handle = processes.spawn(
      { name: run.name, command: run.command, args: run.args, stdout: 'lines', restart: false, stopGraceMs: 500, installHint: INSTALL_HINT },
      {
        line: (line, stream) => {
          if (stream === 'stdout') run.onStdout?.(line);
          else if (stderr.length < 5) stderr.push(line.slice(0, 200));
        },
        exit: onExit,
      },
    );
    const timer = setTimeout(() => {
      finish(new BatchError(`${run.command} did not finish within ${run.timeoutMs} ms`, false));
      void handle?.stop();
    }, run.timeoutMs);
  });
}

/** Runs pocketsphinx_batch once and returns its hypothesis line, parsed. */
export async function runBatch(processes: ProcessPort, run: BatchRun): Promise<Hypseg> {
  await runOnce(processes, { name: run.name, command: COMMAND, args: run.args, timeoutMs: run.timeoutMs });
  const text = await readFile(run.hypsegFile, 'utf8').catch((err: Error) => {
    throw new BatchError(`${COMMAND} wrote no hypothesis: ${err.message}`, false);
  });
  const h = parseHypseg(text.split('\n').find((l) => l.trim().length > 0) ?? '');
  if (!h) throw new BatchError(`${COMMAND} wrote no hypothesis`, false);
  return h;
}
