// The voice bridge as the host runs it: the service over the process port,
// its catalogue made from the names the wall shows (the catalog's data and
// cameras) and what the running configuration can do, its commands in the
// catalog (help overlay, /help/voice), the recognizer over HTTP, the setup
// panel with its test button.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionInput } from '../../actions/vocabulary.js';
import type { Bridge, BridgeHealth, BridgePorts } from '../types.js';
import { catalogInputFrom, createVoiceService, describeAction, type VoiceConfig } from './api.js';
import type { CatalogInput } from './names.js';
import { renderVoicePanel } from './panel-html.js';
import { voiceRoutes } from './routes.js';
import type { VoiceService } from './service.js';

/** The catalog's voice commands are refreshed this often (the city's names change rarely; cameras come and go). */
const CATALOG_EVERY_MS = 10_000;
/** After city data arrives the commands are looked at again once this much later (new districts, indicators): batches coalesce. */
const AFTER_CITY_DATA_MS = 1_000;

/** Spread over kinds first: the help overlay shows the first dozen. */
function helpOrder<T extends { intent: string }>(commands: readonly T[]): T[] {
  const firstOfKind: T[] = [];
  const rest: T[] = [];
  const seen = new Set<string>();
  for (const c of commands) {
    const kind = c.intent.split(':')[0]!;
    if (seen.has(kind)) rest.push(c);
    else {
      seen.add(kind);
      firstOfKind.push(c);
    }
  }
  return [...firstOfKind, ...rest];
}

export function createVoiceHostBridge(ports: BridgePorts<VoiceConfig>): Bridge {
  let workDir: string | null = null;
  let service: VoiceService | null = null;
  let startProblem: string | null = null;
  let timer: NodeJS.Timeout | null = null;
  let offCatalog: (() => void) | null = null;
  let cityTimer: NodeJS.Timeout | null = null;
  let lastRegistered = '';

  const catalogue = (): CatalogInput => {
    const data = ports.catalog.data;
    return catalogInputFrom({
      districts: data.districts(),
      categories: data.categories(),
      indicators: data.indicators(),
      metrics: data.metrics(),
      cameras: ports.catalog.list('camera').map((c) => ({ id: c.id, name: c.name })),
      // Orders always queue (the outbox holds them while the link is down).
      capabilities: { orders: true, displayPower: ports.actions.has('display-power'), help: true, microphone: ports.actions.has('voice') },
    });
  };

  const publishCommands = () => {
    if (!service) return;
    const language = service.language;
    const entries = helpOrder(service.commands().map((c) => ({
      text: c.text, lang: c.lang, intent: c.intent.name, heard: c.lang === language,
      action: (Array.isArray(c.action) ? (c.action as readonly ActionInput[]) : [c.action as ActionInput]).map(describeAction).join(', then '),
    })));
    const text = JSON.stringify(entries);
    if (text === lastRegistered) return;
    lastRegistered = text;
    ports.catalog.register('voice-command', entries);
  };

  /** Carries out a recognised command on `screen` as `principal`, in order. */
  const actOn = (screen: string, principal: string) => async (actions: readonly ActionInput[]) => {
    for (const a of actions) await ports.actions.dispatch({ ...a, screen }, 'voice', principal);
  };

  return {
    async start() {
      workDir = mkdtempSync(join(tmpdir(), 'scpm-voice-')); // mkdtemp makes it 0700: audio in flight is private
      startProblem = null;
      service = createVoiceService({ config: ports.config, catalogue, processes: ports.processes, log: ports.log, workDir });
      try {
        await service.start();
      } catch (err) {
        // The engine is missing or its model broken: the bridge stays up (its routes say why), degraded.
        startProblem = err instanceof Error ? err.message : String(err);
        ports.log.warn({ err: startProblem }, 'voice: the engine did not start');
      }
      publishCommands();
      timer = setInterval(publishCommands, CATALOG_EVERY_MS);
      timer.unref();
      offCatalog = ports.catalog.onChange((kind) => {
        if (kind === 'camera') publishCommands();
      });
      // The names come with the city's data, which may arrive after this start (the first message, a reconnect).
      ports.bus.on('city:changed', () => {
        if (cityTimer) return;
        cityTimer = setTimeout(() => {
          cityTimer = null;
          publishCommands();
        }, AFTER_CITY_DATA_MS);
        cityTimer.unref();
      });
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      if (cityTimer) clearTimeout(cityTimer);
      cityTimer = null;
      offCatalog?.();
      offCatalog = null;
      lastRegistered = '';
      const s = service;
      service = null;
      await s?.stop();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
      workDir = null;
    },
    health(): BridgeHealth {
      if (!service) return { state: 'stopped' };
      const h = service.health();
      const state = startProblem || h.state === 'failed' || h.state === 'degraded' ? 'degraded' : h.state === 'running' || h.state === 'stopped' ? 'running' : 'starting';
      return {
        state,
        detail: [startProblem, h.detail].filter(Boolean).join('; ') || `${h.engine}, ${h.commands.recognisable} commands heard (${h.language})`,
        engine: h.engine, language: h.language, minConfidence: h.minConfidence, commands: h.commands, counters: h.counters,
      };
    },
    routes: () => voiceRoutes({ service: () => service, actOn, processes: ports.processes, log: ports.log }),
    setupPanel: () => (service ? renderVoicePanel(service.health(), service.history(), startProblem) : '<p>voice: not running</p>'),
  };
}
