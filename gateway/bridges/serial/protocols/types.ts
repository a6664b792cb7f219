// One driver per serial protocol: a name, a default baud rate, the gestures its
// devices can make (for the help overlay) and a factory of pure parsers.
import type { ParseOutput } from '../events.js';
import type { GestureSlug } from '../gestures.js';

/** Bytes in → outputs out. Pure: no clock, no I/O; its own buffer is bounded. */
export interface FrameParser {
  push(chunk: Uint8Array): ParseOutput[];
  /** Bytes held for an unfinished frame; never above the driver's `maxBuffered`. */
  buffered(): number;
  /** Forget any partial frame (after a reconnect the stream starts afresh). */
  reset(): void;
}

export interface ProtocolDriver {
  readonly name: string;
  readonly defaultBaudRate: number;
  /** Gestures a device of this protocol can report (incl. tap / double-tap / long-touch derived from its pads). */
  readonly gestures: readonly GestureSlug[];
  /** Bound of `FrameParser.buffered()`. */
  readonly maxBuffered: number;
  createParser(): FrameParser;
}
