// The voice module's public API (tools and tests use it): the service, the
// catalogue, the engines, the WAV parser, and createVoiceService, which the
// host bridge (host-bridge.ts) wires to its ports.
import type { Logger } from '../../logger.js';
import type { ProcessPort } from '../../process/types.js';
import type { VoiceConfig } from './config.js';
import { ENGINES } from './engines/registry.js';
import type { CatalogInput } from './names.js';
import { VoiceService } from './service.js';

export { voiceConfigSchema, DEFAULT_MIN_CONFIDENCE, type VoiceConfig, type VoiceConfigInput } from './config.js';
export { VoiceService, HISTORY_SIZE, describe as describeAction, type VoiceResult, type RecognizeOutcome, type HistoryEntry, type VoiceHealth, type VoiceAct, type VoiceServiceDeps } from './service.js';
export { buildCatalogue, normalise, intentKey, districtEn, type VoiceCommand, type Catalogue, type Intent, type Lang } from './catalogue.js';
export type { CatalogInput, VoiceNames, VoiceCapabilities, SpokenName, Bilingual, ListKind, TopPage } from './names.js';
export { ENGINES, ENGINE_NAMES, type EngineName } from './engines/registry.js';
export { RecognizerError, grammarOf, type Recognizer, type Recognition, type Grammar, type GrammarReport, type EngineFactory, type EnginePorts, type EngineOptions, type RecognizerHealth } from './engines/types.js';
export { parseWav, encodeWav, pcm16k, EXPECTED as WAV_EXPECTED, MAX_SECONDS as WAV_MAX_SECONDS, type Pcm16k, type WavParse, type WavRejectReason } from './wav.js';
export { synthesizeTestPhrase, ESPEAK_INSTALL_HINT } from './test-phrase.js';
export { catalogInputFrom, PAGES, LISTS, ORDER_PHRASES, METRIC_SPOKEN, CATEGORY_SPOKEN, INDICATOR_SPOKEN, MAP_METRICS } from './defaults.js';

export interface VoicePorts {
  config: VoiceConfig;
  /** The current names and capabilities (read per utterance; the grammar follows changes). */
  catalogue: () => CatalogInput;
  processes: ProcessPort;
  log: Logger;
  /** A private directory (created 0700) for compiled grammars and in-flight audio; the gateway's data dir or a temp dir. */
  workDir: string;
  now?: () => number;
}

/** The configured engine and the service around it. Call `start()` to load the grammar, `stop()` at shutdown. */
export function createVoiceService(ports: VoicePorts): VoiceService {
  const now = ports.now ?? Date.now;
  const recognizer = ENGINES[ports.config.engine].create(
    { processes: ports.processes, log: ports.log, workDir: ports.workDir, now: () => performance.now() },
    { model: ports.config.model, pronunciations: ports.config.pronunciations },
  );
  return new VoiceService({ recognizer, catalogue: ports.catalogue, config: ports.config, log: ports.log, now });
}
