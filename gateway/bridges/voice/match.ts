// From what the engine heard to what the wall does: the heard sentence must be
// exactly one of the catalogue's sentences (after normalising) and sure enough;
// anything else is no action.
import { normalise, type Intent, type Lang, type VoiceCommand } from './catalogue.js';
import type { ActionInput } from '../../actions/vocabulary.js';

export type MatchOutcome = 'matched' | 'empty' | 'out-of-grammar' | 'low-confidence';

export interface Match {
  readonly text: string;
  readonly intent: Intent | null;
  /** null: nothing is done. */
  readonly action: ActionInput | readonly ActionInput[] | null;
  readonly confidence: number;
  readonly outcome: MatchOutcome;
}

/** normalised sentence → command, for one language. */
export function sentenceIndex(commands: readonly VoiceCommand[], lang: Lang): Map<string, VoiceCommand> {
  const index = new Map<string, VoiceCommand>();
  for (const c of commands) {
    const key = normalise(c.text);
    if (c.lang === lang && key && !index.has(key)) index.set(key, c);
  }
  return index;
}

export function matchRecognition(heard: { text: string; confidence: number }, index: ReadonlyMap<string, VoiceCommand>, minConfidence: number): Match {
  const text = normalise(heard.text);
  const confidence = Number.isFinite(heard.confidence) ? Math.min(1, Math.max(0, heard.confidence)) : 0;
  if (!text) return { text, intent: null, action: null, confidence, outcome: 'empty' };
  const command = index.get(text);
  if (!command) return { text, intent: null, action: null, confidence, outcome: 'out-of-grammar' };
  if (!(confidence >= minConfidence)) return { text, intent: command.intent, action: null, confidence, outcome: 'low-confidence' };
  return { text, intent: command.intent, action: command.action, confidence, outcome: 'matched' };
}
