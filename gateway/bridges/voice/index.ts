// Voice commands, offline: a grammar generated from what the wall shows, a
// speech engine through the process port (pocketsphinx), and never an action
// on what was not understood. The recognizer over HTTP, its commands in the
// catalog (the help overlay, /help/voice), its setup panel.
// Implementation: host-bridge.ts; the module's API: api.ts.
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { DEFAULT_PATH } from '../../process/env.js';
import { defineBridge } from '../types.js';
import { voiceConfigSchema } from './config.js';
import { ENGINES } from './engines/registry.js';
import { WAV_UPLOAD_MAX_BYTES, WAV_TYPES } from './wav.js';

/** Whether `command` is an executable on PATH. */
export function installed(command: string, searchPath = process.env.PATH ?? DEFAULT_PATH): boolean {
  return searchPath.split(delimiter).filter((d) => isAbsolute(d)).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

export const voice = defineBridge({
  name: 'voice',
  configKey: 'voice',
  configSchema: voiceConfigSchema.prefault({}),
  // null: on where the engine is installed (the package recommends it), so an office without it is not "degraded".
  enabled: ({ section }) => section.enabled ?? installed(ENGINES[section.engine].command),
  warnings: (section) => {
    const engine = ENGINES[section.engine];
    if (section.enabled === true && !installed(engine.command)) return [`voice: voice.enabled is true but ${engine.command} is not installed (${engine.installHint})`];
    const model = section.enabled !== false ? engine.modelProblem(section.model) : null;
    return model ? [model] : [];
  },
  uploads: [{ path: '/recognize', types: WAV_TYPES, maxBytes: WAV_UPLOAD_MAX_BYTES }],
  load: async () => ({ create: (await import('./host-bridge.js')).createVoiceHostBridge }),
});
