// The voice bridge as the host runs it: the service over the process port,
// its catalogue made from the names the wall shows (the catalog's data and
// cameras) and what the running configuration can do, its commands in the
// catalog, the recognizer over HTTP, and — with a microphone configured — the
// listener that hears the office and offers the `voice` capability (listen,
// mute, unmute) to the actions service.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionError } from '../../actions/errors.js';
import type { ActionInput } from '../../actions/vocabulary.js';
import type { Bridge, BridgeHealth, BridgePorts } from '../types.js';
import { catalogInputFrom, createVoiceService, type VoiceConfig } from './api.js';
import { MicrophoneListener } from './capture/listener.js';
import { microphoneProblem } from './capture/microphone.js';
import { publishCommands, type CommandsPublisher } from './commands-catalog.js';
import type { CatalogInput } from './names.js';
import { renderVoicePanel } from './panel-html.js';
import { voiceRoutes } from './routes.js';
import type { VoiceService } from './service.js';

export function createVoiceHostBridge(ports: BridgePorts<VoiceConfig>): Bridge {
  let workDir: string | null = null;
  let service: VoiceService | null = null;
  let listener: MicrophoneListener | null = null;
  let publisher: CommandsPublisher | null = null;
  let startProblem: string | null = null;

  const catalogue = (): CatalogInput => {
    const data = ports.catalog.data;
    return catalogInputFrom({
      districts: data.districts(), categories: data.categories(), indicators: data.indicators(), metrics: data.metrics(),
      cameras: ports.catalog.list('camera').map((c) => ({ id: c.id, name: c.name })),
      // Orders always queue (the outbox holds them while the link is down).
      capabilities: { orders: true, displayPower: ports.actions.has('display-power'), help: true, microphone: ports.actions.has('voice') },
    });
  };

  /** Carries out a recognised command on `screen` as `principal`, in order. */
  const actOn = (screen: string, principal: string) => async (actions: readonly ActionInput[]) => {
    for (const a of actions) await ports.actions.dispatch({ ...a, screen }, 'voice', principal);
  };

  const startListener = (s: VoiceService, device: string) => {
    const c = ports.config;
    const l = new MicrophoneListener({
      config: { device, listenSeconds: c.listenSeconds, screen: c.screen, keyphrase: c.keyphrase ? { phrase: c.keyphrase, threshold: c.keyphraseThreshold } : null },
      processes: ports.processes, service: s, log: ports.log, now: Date.now, clock: () => performance.now(),
      dispatch: (input, principal) => ports.actions.dispatch(input, 'voice', principal),
      mutedAtStart: ports.actions.state(c.screen)?.muted ?? false,
    });
    ports.actions.offer('voice', (a, screen) => {
      // One microphone, one wall: another screen muting it would leave the wall saying it listens.
      if (screen !== c.screen) throw new ActionError(409, `the microphone listens for screen "${c.screen}" (voice.screen)`);
      return l.handle(a.action as 'listen' | 'mute' | 'unmute');
    });
    l.start();
    return l;
  };

  return {
    async start() {
      if (service) return; // a second start is harmless: it would orphan the first work directory and service
      workDir = mkdtempSync(join(tmpdir(), 'scpm-voice-')); // mkdtemp makes it 0700: audio in flight is private
      startProblem = null;
      const s = createVoiceService({ config: ports.config, catalogue, processes: ports.processes, log: ports.log, workDir });
      service = s;
      try {
        await s.start();
      } catch (err) {
        // The engine is missing or its model broken: the bridge stays up (its routes say why), degraded.
        startProblem = err instanceof Error ? err.message : String(err);
        ports.log.warn({ err: startProblem }, 'voice: the engine did not start');
      }
      if (ports.config.device) listener = startListener(s, ports.config.device);
      publisher = publishCommands(ports, s);
    },
    async stop() {
      publisher?.stop();
      publisher = null;
      await listener?.stop();
      listener = null;
      const s = service;
      service = null;
      await s?.stop();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
      workDir = null;
    },
    health: () => health(service, listener, startProblem),
    routes: () => voiceRoutes({ service: () => service, actOn, processes: ports.processes, log: ports.log }),
    setupPanel: () => (service ? renderVoicePanel(service.health(), service.history(), startProblem, listener?.health() ?? null) : '<p>voice: not running</p>'),
  };
}

function health(service: VoiceService | null, listener: MicrophoneListener | null, startProblem: string | null): BridgeHealth {
  if (!service) return { state: 'stopped' };
  const h = service.health();
  const mic = listener?.health() ?? null;
  const micProblem = mic && !mic.muted ? microphoneProblem(mic.microphone) : null;
  const state = startProblem || micProblem || h.state === 'failed' || h.state === 'degraded' ? 'degraded' : h.state === 'running' || h.state === 'stopped' ? 'running' : 'starting';
  const micNote = mic ? (mic.muted ? `microphone ${mic.microphone.device} muted` : micProblem ?? `microphone ${mic.microphone.device} ${mic.microphone.state}`) : 'no microphone configured';
  return {
    state,
    detail: [startProblem, h.detail, micProblem].filter(Boolean).join('; ') || `${h.engine}, ${h.commands.recognisable} commands heard (${h.language}); ${micNote}`,
    engine: h.engine, language: h.language, minConfidence: h.minConfidence, commands: h.commands, counters: h.counters,
    ...(mic ? { microphone: { ...mic.microphone, muted: mic.muted, listening: mic.listening, counters: mic.counters, endToAction: mic.endToAction, endDecided: mic.endDecided, recognition: mic.recognition } } : {}),
  };
}
