// Keyphrase spotting: one run of pocketsphinx_continuous in keyphrase mode over
// one utterance (a WAV in the private directory), as a one-shot child of the
// process port. It prints the phrase once per detection; nothing else is read.
// (pocketsphinx_batch accepts -keyphrase but writes no hypothesis for it.)
import type { ProcessPort } from '../../../../process/types.js';
import { normalise } from '../../catalogue.js';
import { runOnce } from './batch.js';

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
export async function runSpot(processes: ProcessPort, run: SpotRun): Promise<boolean> {
  const want = normalise(run.phrase);
  let hit = false;
  await runOnce(processes, {
    name: run.name, command: SPOT_COMMAND, timeoutMs: run.timeoutMs,
    args: [
      '-hmm', run.hmm, '-dict', run.dict, '-keyphrase', want, '-kws_threshold', run.threshold.toExponential(),
      '-infile', run.wav, '-logfn', '/dev/null', '-dither', 'yes', '-seed', '1',
    ],
    onStdout: (line) => { if (normalise(line).includes(want)) hit = true; },
  });
  return hit;
}
