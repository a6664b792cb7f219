// The voice commands in the catalog (the help overlay, /help/voice): published
// at start, every CATALOG_EVERY_MS, when a camera comes or goes, and a second
// after city data that can bring names arrives (indicator definitions: a
// reading never does, and looking after every reading put a 1–2 ms rebuild on
// the event loop once a second under a steady feed).
import { createHash } from 'node:crypto';
import type { ActionInput } from '../../actions/vocabulary.js';
import { NAME_KINDS } from '../../catalog/index.js';
import type { ChangeNotice } from '../../store/types.js';
import type { BridgePorts } from '../types.js';
import { describeAction } from './api.js';
import type { VoiceService } from './service.js';

/** The city's names change rarely; cameras come and go. */
const CATALOG_EVERY_MS = 10_000;
/** After city data the commands are looked at again once, this much later: batches coalesce. */
const AFTER_CITY_DATA_MS = 1_000;

/** Spread over kinds first: the help overlay shows the first dozen. */
export function helpOrder<T extends { intent: string }>(commands: readonly T[]): T[] {
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

export interface CommandsPublisher {
  /** Publishes now, if the list changed. */
  publish(): void;
  stop(): void;
}

export function publishCommands(ports: Pick<BridgePorts<unknown>, 'catalog' | 'bus' | 'log'>, service: VoiceService): CommandsPublisher {
  // The digest of the last list, not its JSON: ~200 KB of two-byte text (the
  // Korean phrases) would otherwise stay on the heap between publishes.
  let last = '';
  let lastCommands: unknown = null;
  let lastLanguage = '';
  let cityTimer: NodeJS.Timeout | null = null;
  // Runs in timers: a failure (the store closing under it at shutdown) is logged, never thrown.
  const publish = () => {
    try {
      publishNow();
    } catch (err) {
      ports.log.warn({ err: (err as Error).message }, 'voice: the commands could not be listed');
    }
  };
  const publishNow = () => {
    const language = service.language;
    const commands = service.commands();
    if (commands === lastCommands && language === lastLanguage) return; // the same catalogue: nothing to list again
    const entries = helpOrder(commands.map((c) => ({
      text: c.text, lang: c.lang, intent: c.intent.name, heard: c.lang === language,
      action: (Array.isArray(c.action) ? (c.action as readonly ActionInput[]) : [c.action as ActionInput]).map(describeAction).join(', then '),
    })));
    lastCommands = commands;
    lastLanguage = language;
    const digest = createHash('sha1').update(JSON.stringify(entries)).digest('base64');
    if (digest === last) return;
    last = digest;
    ports.catalog.register('voice-command', entries);
  };
  publish();
  const timer = setInterval(publish, CATALOG_EVERY_MS);
  timer.unref();
  const offCatalog = ports.catalog.onChange((kind) => { if (kind === 'camera') publish(); });
  // The names come with the city's data, which may arrive after this start (the first message, a reconnect).
  const offCity = ports.bus.on('city:changed', (notices: readonly ChangeNotice[]) => {
    if (cityTimer || !notices.some((n) => NAME_KINDS.has(n.kind))) return;
    cityTimer = setTimeout(() => {
      cityTimer = null;
      publish();
    }, AFTER_CITY_DATA_MS);
    cityTimer.unref();
  });
  return {
    publish,
    stop() {
      clearInterval(timer);
      if (cityTimer) clearTimeout(cityTimer);
      offCatalog();
      offCity();
    },
  };
}
