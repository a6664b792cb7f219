// The confidence of a pocketsphinx result. Two decodes of the same audio:
// the command grammar (with its garbage loop) and a free phone loop
// (`-allphone_ci`, phones in any order). Speech that really is the command fits
// the command's phones almost as well as the best phones of any kind; a wrong
// or out-of-grammar sentence forced onto a command fits much worse. So:
//
//   margin = (acoustic score of the command path − acoustic score of the phone
//             loop) / frames of the command path that are not silence or noise
//   confidence = 1 / (1 + exp(−(margin − CENTER) / SCALE))
//
// A result that went through garbage has confidence 0. CENTER is the margin
// that best kept right results and dropped false actions on the synthetic
// corpus (0.5 there); SCALE spreads the rest over 0..1 (at 0.95 the margin is
// 15 better). Figures: docs/decisions/2026-11-29-voice-recognizer.md.
import { isGarbage } from './grammar.js';
import { hypText, isFiller, type Hypseg } from './hypseg.js';

export const CENTER = -65;
export const SCALE = 5;

export interface Scored {
  text: string;
  confidence: number;
  scores: Record<string, number>;
}

export function logistic(margin: number): number {
  const c = 1 / (1 + Math.exp(-(margin - CENTER) / SCALE));
  return Number.isFinite(c) ? Math.round(c * 1000) / 1000 : 0;
}

/** Scores a decode against the phone loop's decode of the same audio (null when that failed: confidence 0). */
export function score(command: Hypseg, loop: Hypseg | null): Scored {
  const words = command.segments.map((s) => s.word);
  if (isGarbage(words)) return { text: '', confidence: 0, scores: { garbage: 1, frames: command.frames } };
  const text = hypText(command);
  if (!text) return { text: '', confidence: 0, scores: { frames: command.frames } };
  const fillerFrames = command.segments.filter((s) => isFiller(s.word)).reduce((n, s) => n + (s.end - s.start), 0);
  const speechFrames = Math.max(1, command.frames - fillerFrames);
  if (!loop) return { text, confidence: 0, scores: { frames: command.frames, speechFrames } };
  const margin = (command.acoustic - loop.acoustic) / speechFrames;
  return {
    text,
    confidence: logistic(margin),
    scores: { margin: Math.round(margin * 100) / 100, frames: command.frames, speechFrames, acoustic: command.acoustic, loopAcoustic: loop.acoustic },
  };
}
