// The pocketsphinx engine's registry entry.
import type { EngineFactory } from '../types.js';
import { COMMAND, INSTALL_HINT } from './batch.js';
import { PocketsphinxRecognizer } from './recognizer.js';
import { modelProblem } from './args.js';

export const pocketsphinxEngine: EngineFactory = {
  name: 'pocketsphinx',
  languages: ['en'],
  command: COMMAND,
  installHint: INSTALL_HINT,
  modelProblem,
  create: (ports, options) => new PocketsphinxRecognizer(ports, options),
};
