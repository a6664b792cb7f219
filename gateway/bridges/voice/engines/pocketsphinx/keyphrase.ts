// Keyphrase spotting: one run of pocketsphinx_continuous in keyphrase mode over
// one utterance (a WAV in the private directory), as a one-shot child of the
// process port. It prints the phrase once per detection; nothing else is read.
// (pocketsphinx_batch accepts -keyphrase but writes no hypothesis for it.)
import type { ChildHandle, ProcessPort } from '../../../../process/types.js';
import { normalise } from '../../catalogue.js';
import { BatchError, INSTALL_HINT } from './batch.js';

export const SPOT_COMMAND = 'pocketsphinx_continuous';

export interface SpotRun {
  name: string;
  hmm: string;
  /** A dictionary holding the phrase's words. */
  dict: string;
  wav: string;
  phrase: string;
  threshold: number;
  timeoutMs: number;
}

/** True when the phrase was spotted in the file. */
export function runSpot(processes: ProcessPort, run: SpotRun): Promise<boolean> {
  return new Promise<boolean>((resolve, reject) => {
    let settled = false;
    let hit = false;
    const want = normalise(run.phrase);
    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(hit);
    };
    let handle: ChildHandle | null = null;
    const args = [
      '-hmm', run.hmm, '-dict', run.dict, '-keyphrase', want, '-kws_threshold', run.threshold.toExponential(),
      '-infile', run.wav, '-logfn', '/dev/null', '-dither', 'yes', '-seed', '1',
    ];
    const onExit = (exit: { code: number | null; signal: string | null; reason: string }) => {
      if (!handle) { queueMicrotask(() => onExit(exit)); return; }
      const health = handle.health();
      if (exit.reason === 'spawn-error' || health.state === 'missing') finish(new BatchError(health.lastError ?? `${SPOT_COMMAND} could not start: ${INSTALL_HINT}`, true));
      else if (exit.code !== 0) finish(new BatchError(`${SPOT_COMMAND} exited with code ${exit.code}${exit.signal ? ` (${exit.signal})` : ''}`, false));
      else finish(null);
    };
    handle = processes.spawn(
      { name: run.name, command: SPOT_COMMAND, args, stdout: 'lines', restart: false, stopGraceMs: 500, installHint: INSTALL_HINT },
      {
        line: (line, stream) => { if (stream === 'stdout' && normalise(line).includes(want)) hit = true; },
        exit: onExit,
      },
    );
    const timer = setTimeout(() => {
      finish(new BatchError(`${SPOT_COMMAND} did not finish within ${run.timeoutMs} ms`, false));
      void handle?.stop();
    }, run.timeoutMs);
  });
}
