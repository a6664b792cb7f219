// What a protocol driver turns bytes into. Every byte fed to a parser ends up
// in exactly one output: a decoded frame, a rejected frame, or the discarded
// tail of a frame already rejected (an over-long line); the rest is buffered.
import type { GestureSlug } from './gestures.js';

export type Edge = 'down' | 'up';

export type SerialEvent =
  | { kind: 'gesture'; slug: GestureSlug; confidence?: number }
  | { kind: 'pad'; pad: number; edge: Edge }
  | { kind: 'button'; slug: string; edge: Edge }
  | { kind: 'presence'; present: boolean }
  | { kind: 'hello'; name: string };

/** Reasons a frame is rejected; a closed list, so metric labels stay bounded. */
export const REJECT_REASONS = [
  // scpm-serial/1
  'line-too-long', 'not-ascii', 'empty-line', 'unknown-command', 'syntax',
  'unknown-gesture', 'bad-confidence', 'bad-pad', 'bad-edge', 'bad-button', 'bad-presence',
  'bad-name', 'unsupported-version',
  // dfrobot-sen0285
  'garbage', 'checksum', 'frame-length', 'unknown-event',
  // any device
  'rate-limit',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Bytes of a frame kept for the setup page's hex view. */
export const RAW_PREVIEW_BYTES = 48;

export type ParseOutput =
  /** One frame decoded into one or more events (a SEN0285 touch is a down and an up). */
  | { type: 'frame'; events: readonly SerialEvent[]; raw: Buffer; bytes: number }
  /** One frame rejected; `raw` is at most RAW_PREVIEW_BYTES of it, `bytes` its full length so far. */
  | { type: 'rejected'; reason: RejectReason; detail: string; raw: Buffer; bytes: number }
  /** More bytes of a frame already rejected (counted once, when it was rejected). */
  | { type: 'discarded'; bytes: number };

export function preview(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.subarray(0, RAW_PREVIEW_BYTES));
}

/** One event in words, for the setup page's frame list. */
export function describeEvent(e: SerialEvent): string {
  switch (e.kind) {
    case 'gesture':
      return e.confidence === undefined ? `gesture ${e.slug}` : `gesture ${e.slug} (${e.confidence})`;
    case 'pad':
      return `pad ${e.pad} ${e.edge}`;
    case 'button':
      return `button ${e.slug} ${e.edge}`;
    case 'presence':
      return e.present ? 'someone present' : 'nobody present';
    case 'hello':
      return `hello from ${e.name}`;
  }
}
