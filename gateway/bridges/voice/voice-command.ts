// A voice command and its intent: what a sentence means, and the form
// sentences are compared in.
import type { ActionInput } from '../../actions/vocabulary.js';

export type Lang = 'en' | 'ko';

/** What a command means, independent of its wording (shared by its English and Korean phrasings). */
export interface Intent {
  readonly name: string;
  readonly slots: Readonly<Record<string, string>>;
}

export interface VoiceCommand {
  readonly text: string;
  readonly lang: Lang;
  readonly intent: Intent;
  /** One action, or a list carried out in order. */
  readonly action: ActionInput | readonly ActionInput[];
}

export interface Catalogue {
  readonly commands: readonly VoiceCommand[];
  /** Names with no English phrasing (digits or symbols and no `spoken`), and sentences dropped as duplicates of another intent. */
  readonly skipped: readonly string[];
}

export const intent = (name: string, slots: Record<string, string> = {}): Intent => ({ name, slots });

/** The form commands are compared in: lower case, single spaces, no punctuation. */
export function normalise(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

export function intentKey(intent: Intent): string {
  const slots = Object.keys(intent.slots).sort().map((k) => `${k}=${intent.slots[k]}`);
  return slots.length ? `${intent.name}(${slots.join(',')})` : intent.name;
}
