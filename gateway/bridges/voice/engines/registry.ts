// The speech engines, by the name `voice.engine` gives in the config. A new
// engine is a folder beside pocketsphinx/ exporting an EngineFactory, and one
// line here (README: "Adding an engine").
import type { EngineFactory } from './types.js';
import { pocketsphinxEngine } from './pocketsphinx/index.js';

export const ENGINES = {
  pocketsphinx: pocketsphinxEngine,
} as const satisfies Record<string, EngineFactory>;

export type EngineName = keyof typeof ENGINES;
export const ENGINE_NAMES = Object.keys(ENGINES) as [EngineName, ...EngineName[]];
