// "Not understood": three things the official could say instead, from the
// catalogue, nearest first to whatever the engine half-heard.
import { normalise, type Lang, type VoiceCommand } from '../catalogue.js';

export function suggestions(heard: string, commands: readonly VoiceCommand[], lang: Lang, count = 3): string[] {
  const words = new Set(normalise(heard).split(' ').filter(Boolean));
  const seenKinds = new Set<string>();
  const scored = commands
    .filter((c) => c.lang === lang)
    .map((c, i) => ({ text: c.text, kind: c.intent.name.split(':')[0]!, i, shared: normalise(c.text).split(' ').filter((w) => words.has(w)).length }))
    .sort((a, b) => b.shared - a.shared || a.i - b.i);
  const out: string[] = [];
  // One per kind first (the overlay's spread), then any.
  for (const s of scored) {
    if (out.length >= count) break;
    if (seenKinds.has(s.kind) && s.shared === 0) continue;
    seenKinds.add(s.kind);
    if (!out.includes(s.text)) out.push(s.text);
  }
  for (const s of scored) if (out.length < count && !out.includes(s.text)) out.push(s.text);
  return out;
}

/** The caption for an utterance not understood, in both office languages, the office's first ("이해하지 못했어요 — 이렇게 말해 보세요:"). */
export function notUnderstoodCaption(lang: Lang, tries: readonly string[]): string {
  const list = tries.map((t) => `\u201c${t}\u201d`).join(' \u00b7 ');
  return lang === 'ko'
    ? `\uc774\ud574\ud558\uc9c0 \ubabb\ud588\uc5b4\uc694 (Not understood) \u2014 \uc774\ub807\uac8c \ub9d0\ud574 \ubcf4\uc138\uc694: ${list}`
    : `Not understood (\uc774\ud574\ud558\uc9c0 \ubabb\ud588\uc5b4\uc694) \u2014 try: ${list}`;
}

/** The caption for a command heard and done. */
export function heardCaption(text: string): string {
  return `\u2713 \u201c${text}\u201d`;
}
