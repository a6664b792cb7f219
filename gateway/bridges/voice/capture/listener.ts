// Listening through the office microphone: the captured samples go through
// voice-activity detection; an utterance that starts while a listening window
// is open (push-to-talk, a `listen` action, the keyphrase) goes to the
// recognizer and its command is done on the wall, which then shows what was
// heard — or that it was not understood, with three things to say instead.
// Outside a window an utterance is only checked for the keyphrase (when one is
// set) and then forgotten. Muted, the microphone is not even open.
import type { ActionInput } from '../../../actions/vocabulary.js';
import type { DispatchResult } from '../../../actions/service-types.js';
import type { Logger } from '../../../logger.js';
import { rateLimitedLog, type RateLimitedLog } from '../../../log/rate-limited.js';
import type { ProcessPort } from '../../../process/types.js';
import type { Keyphrase } from '../engines/types.js';
import type { Heard, VoiceService } from '../service.js';
import { pcm16k } from '../wav.js';
import { LatencyRing, type LatencySummary } from './latency.js';
import { Microphone, type MicrophoneHealth } from './microphone.js';
import { heardCaption, notUnderstoodCaption, suggestions } from './suggest.js';
import { padWithNoise, VoiceActivity, type SpeechSegment, type VadState } from './vad.js';

/** Who acts when the microphone does (the action log's principal). */
export const MICROPHONE_PRINCIPAL = 'voice:microphone';
const RECENT = 10;
/** The level meter's peak is held this long (the setup page redraws every 2 s). */
const PEAK_HOLD_MS = 2000;

export interface ListenerConfig {
  device: string;
  listenSeconds: number;
  keyphrase: Keyphrase | null;
  /** The screen the microphone's commands move. */
  screen: string;
}

export interface ListenerDeps {
  config: ListenerConfig;
  processes: ProcessPort;
  service: VoiceService;
  dispatch: (input: ActionInput & { screen: string }, principal: string) => Promise<DispatchResult>;
  log: Logger;
  /** Wall clock (windows). */
  now: () => number;
  /** Monotonic clock (latencies). */
  clock: () => number;
  /** Whether the screen was left muted (read at start: a restart never reopens a muted microphone). */
  mutedAtStart: boolean;
}

export interface HeardEntry {
  at: number;
  text: string;
  outcome: string;
  /** End of speech → first action dispatched (ms), when something was done. */
  endToActionMs: number | null;
}

export interface ListenerHealth {
  microphone: MicrophoneHealth;
  muted: boolean;
  listening: boolean;
  vad: VadState;
  levelDb: number;
  peakDb: number;
  noiseFloorDb: number;
  keyphrase: string | null;
  counters: Readonly<Record<string, number>>;
  recent: readonly HeardEntry[];
  /** End of speech → first action dispatched, over the last 200 utterances that acted… */
  endToAction: LatencySummary | null;
  /** …of which: end of speech → end decided (the hangover) and the recognizer's own time. */
  endDecided: LatencySummary | null;
  recognition: LatencySummary | null;
}

export class MicrophoneListener {
  private readonly vad = new VoiceActivity();
  private readonly mic: Microphone;
  private muted: boolean;
  private windowUntil = 0;
  private speechInWindow = false;
  private busy = false;
  private peakDb = -96;
  private peakAt = 0;
  private readonly recent: HeardEntry[] = [];
  private readonly endToAction = new LatencyRing();
  private readonly endDecided = new LatencyRing();
  private readonly recognition = new LatencyRing();
  private ahead: Promise<Heard> | null = null;
  private readonly count = { decodedAhead: 0, aheadUsed: 0, utterances: 0, recognised: 0, notUnderstood: 0, outsideWindow: 0, droppedBusy: 0, keyphraseHits: 0, keyphraseMisses: 0, devicesLost: 0, short: 0 };

  /** Anyone in the room can make these happen: a few lines a minute per kind. */
  private readonly limited: RateLimitedLog;

  constructor(private readonly deps: ListenerDeps) {
    this.limited = rateLimitedLog(deps.log, { now: deps.now });
    this.muted = deps.mutedAtStart;
    this.mic = new Microphone({
      processes: deps.processes, device: deps.config.device,
      onSamples: (s) => this.samples(s),
      onLost: () => {
        this.count.devicesLost++;
        this.ahead = null;
        this.vad.reset();
      },
    });
  }

  start(): void {
    if (!this.muted) this.mic.start();
  }

  async stop(): Promise<void> {
    this.windowUntil = 0;
    this.ahead = null;
    this.limited.flush();
    await this.mic.stop();
  }

  /** The `voice` capability: listen, mute, unmute (the actions service has checked them). */
  async handle(action: 'listen' | 'mute' | 'unmute'): Promise<void> {
    if (action === 'listen') {
      this.windowUntil = this.deps.now() + this.deps.config.listenSeconds * 1000;
      this.speechInWindow = this.vad.current === 'speech';
      return;
    }
    if (action === 'mute') {
      this.muted = true;
      this.windowUntil = 0;
      this.ahead = null;
      this.vad.reset();
      await this.mic.stop();
      return;
    }
    this.muted = false;
    this.mic.start();
  }

  health(): ListenerHealth {
    const peak = this.deps.clock() - this.peakAt > PEAK_HOLD_MS ? this.vad.levelDb : this.peakDb;
    return {
      microphone: this.mic.health(), muted: this.muted, listening: this.windowOpen(), vad: this.vad.current,
      levelDb: round(this.vad.levelDb), peakDb: round(peak), noiseFloorDb: round(this.vad.noiseFloorDb),
      keyphrase: this.deps.config.keyphrase?.phrase ?? null,
      counters: { ...this.count }, recent: [...this.recent].reverse(),
      endToAction: this.endToAction.summary(), endDecided: this.endDecided.summary(), recognition: this.recognition.summary(),
    };
  }

  private windowOpen(): boolean {
    return this.windowUntil > this.deps.now();
  }

  private samples(samples: Int16Array): void {
    if (this.muted) return;
    for (const e of this.vad.feed(samples, this.deps.clock())) {
      if (e.type === 'start') this.speechInWindow = this.windowOpen();
      else if (e.type === 'dropped') this.count.short++;
      else if (e.type === 'pause') this.decodeAhead(e.segment);
      else if (e.type === 'resume') this.ahead = null; // the speaker went on: that answer is thrown away
      else this.utterance(e.segment);
    }
    const now = this.deps.clock();
    if (this.vad.levelDb > this.peakDb || now - this.peakAt > PEAK_HOLD_MS) {
      this.peakDb = this.vad.levelDb;
      this.peakAt = now;
    }
  }

  /**
   * A pause in speech meant for a window may be its end: decode what was said so
   * far at once, so the answer is (nearly) ready when the hangover confirms the end.
   */
  private decodeAhead(segment: SpeechSegment): void {
    if (this.busy || this.ahead || !(this.speechInWindow || this.windowOpen())) return;
    this.count.decodedAhead++;
    this.ahead = this.deps.service.hear(this.audio(segment));
  }

  private utterance(segment: SpeechSegment): void {
    this.count.utterances++;
    const forWindow = this.speechInWindow || this.windowOpen();
    this.speechInWindow = false;
    // Still held: nothing was said after the pause it was decoded at (a `resume` drops it).
    const ahead = this.ahead;
    this.ahead = null;
    if (this.busy) {
      this.count.droppedBusy++;
      return;
    }
    if (forWindow) {
      this.windowUntil = 0; // one command per push
      if (ahead) this.count.aheadUsed++;
      void this.run(() => this.recognise(segment, ahead));
    } else if (this.deps.config.keyphrase) {
      void this.run(() => this.spot(segment, this.deps.config.keyphrase!));
    } else {
      this.count.outsideWindow++;
    }
  }

  /** One utterance at a time; nothing thrown escapes (the samples keep flowing). */
  private async run(job: () => Promise<void>): Promise<void> {
    this.busy = true;
    try {
      await job();
    } catch (err) {
      this.warn('utterance', { err: (err as Error).message }, 'voice: an utterance from the microphone failed');
    } finally {
      this.busy = false;
    }
  }

  private audio(segment: SpeechSegment) {
    return pcm16k(padWithNoise(segment.samples, this.vad.noiseFloorDb));
  }

  private async recognise(segment: SpeechSegment, ahead: Promise<Heard> | null): Promise<void> {
    const { screen } = this.deps.config;
    let firstDispatchAt: number | null = null;
    let pending = false;
    const heard = await (ahead ?? this.deps.service.hear(this.audio(segment)));
    const outcome = await this.deps.service.settle(heard, {
      act: async (actions) => {
        for (const a of actions) {
          firstDispatchAt ??= this.deps.clock();
          const r = await this.deps.dispatch({ ...a, screen }, MICROPHONE_PRINCIPAL);
          if (r.outcome === 'pending') pending = true;
        }
      },
    });
    const endToActionMs = firstDispatchAt === null ? null : Math.round(firstDispatchAt - segment.lastVoicedAt);
    if (endToActionMs !== null) {
      this.endToAction.push(endToActionMs);
      this.endDecided.push(segment.decidedAt - segment.lastVoicedAt);
      if (outcome.ok) this.recognition.push(outcome.result.ms);
    }
    if (!outcome.ok) {
      this.remember({ text: '', outcome: outcome.reason, endToActionMs });
      await this.caption(outcome.message);
      return;
    }
    const r = outcome.result;
    this.remember({ text: r.text, outcome: r.acted ? 'done' : r.actError ? 'refused' : r.outcome, endToActionMs });
    if (r.acted) {
      this.count.recognised++;
      await this.caption(heardCaption(r.text));
      // An order waits for "confirm" or "cancel": listen for it at once.
      if (pending) await this.dispatchQuietly({ action: 'listen', screen });
    } else if (r.actError) {
      this.count.recognised++;
      await this.caption(`\u201c${r.text}\u201d: ${r.actError.message}`);
    } else {
      this.count.notUnderstood++;
      const lang = this.deps.service.language;
      await this.caption(notUnderstoodCaption(lang, suggestions(r.text, this.deps.service.commands(), lang)));
    }
  }

  private async spot(segment: SpeechSegment, keyphrase: Keyphrase): Promise<void> {
    const spotted = await this.deps.service.spot(this.audio(segment), keyphrase);
    if (!spotted.hit) {
      this.count.keyphraseMisses++;
      return;
    }
    this.count.keyphraseHits++;
    this.remember({ text: keyphrase.phrase, outcome: 'keyphrase', endToActionMs: null });
    await this.dispatchQuietly({ action: 'listen', screen: this.deps.config.screen });
  }

  private caption(text: string): Promise<void> {
    return this.dispatchQuietly({ action: 'caption', text: text.slice(0, 200), screen: this.deps.config.screen });
  }

  private async dispatchQuietly(a: ActionInput & { screen: string }): Promise<void> {
    try {
      await this.deps.dispatch(a, MICROPHONE_PRINCIPAL);
    } catch (err) {
      this.warn('refused', { err: (err as Error).message, action: a.action }, 'voice: the wall refused an action of the microphone');
    }
  }

  private warn(kind: string, fields: object, msg: string): void {
    this.limited(kind, 'warn', fields, msg);
  }

  private remember(e: Omit<HeardEntry, 'at'>): void {
    this.recent.push({ ...e, at: this.deps.now() });
    if (this.recent.length > RECENT) this.recent.shift();
  }
}

const round = (db: number) => Math.round(db * 10) / 10;
