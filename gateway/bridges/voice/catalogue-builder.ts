// Collects the catalogue's commands: one intent per sentence (a sentence
// claimed by a second intent is dropped and reported), and the names that
// have no English phrasing.
import type { ActionInput } from '../../actions/vocabulary.js';
import type { SpokenName } from './names.js';
import { spokenForms } from './phrasing.js';
import { intentKey, normalise, type Intent, type Lang, type VoiceCommand } from './voice-command.js';

type Action = ActionInput | readonly ActionInput[];

export class CatalogueBuilder {
  readonly commands: VoiceCommand[] = [];
  readonly skipped: string[] = [];
  private readonly byText = new Map<string, string>();

  add(lang: Lang, texts: readonly string[], intent: Intent, action: Action): void {
    const key = intentKey(intent);
    for (const raw of texts) {
      const text = normalise(raw);
      if (!text) continue;
      const seen = this.byText.get(`${lang}\u0000${text}`);
      if (seen === key) continue;
      if (seen !== undefined) {
        this.skipped.push(`"${text}" (${lang}): already means ${seen}, not ${key}`);
        continue;
      }
      this.byText.set(`${lang}\u0000${text}`, key);
      this.commands.push({ text, lang, intent, action });
    }
  }

  en(texts: readonly string[], intent: Intent, action: Action): void {
    this.add('en', texts, intent, action);
  }

  ko(texts: readonly string[], intent: Intent, action: Action): void {
    this.add('ko', texts, intent, action);
  }

  /** Records a name with no English phrasing. */
  unspeakable(kind: string, name: SpokenName): boolean {
    if (spokenForms(name).length > 0) return false;
    this.skipped.push(`${kind} "${name.en}": no English phrasing (give it a spoken form)`);
    return true;
  }
}
