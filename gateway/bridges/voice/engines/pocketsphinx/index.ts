// The pocketsphinx engine's registry entry.
import type { EngineFactory } from '../types.js';
import { PocketsphinxRecognizer } from './recognizer.js';

export const pocketsphinxEngine: EngineFactory = {
  name: 'pocketsphinx',
  languages: ['en'],
  create: (ports, options) => new PocketsphinxRecognizer(ports, options),
};
