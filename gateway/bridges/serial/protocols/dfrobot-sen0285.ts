// dfrobot-sen0285: DFRobot's Gesture & Touch sensor (SKU SEN0285) over UART.
// Reference: DFRobot's Arduino library DFRobot_Gesture_Touch v1.0.0
// (github.com/DFRobot/DFRobot_Gesture_Touch, DFRobot_Gesture_Touch.h/.cpp,
// MIT); no datasheet is reachable offline. From it:
//  - the library opens the sensor's UART at 9600 baud (constructor: begin(9600));
//  - a received frame is 4 bytes, struct sDFGT_receive_t {head, data, verify, end}
//    with head DFGT_RECV_HEAD 0xAA and end DFGT_RECV_END 0x55, valid when
//    data == 0xFF - verify (getAnEvent());
//  - data is the event: DFGT_EVT_RIGHT 0x01, DFGT_EVT_LEFT 0x02, DFGT_EVT_BACK 0x03,
//    DFGT_EVT_FORWARD 0x04, DFGT_EVT_PULLUP 0x05, DFGT_EVT_PULLDOWN 0x06,
//    DFGT_EVT_PULLREMOVE 0x07, DFGT_EVT_TOUCH1..5 0x21..0x25.
// getAnEvent() skips bytes until 0xAA and drops a whole frame on a bad check;
// here garbage is counted, a header without its end byte 0x55 three bytes on
// costs only that header byte (the next 0xAA may be the real frame), and a
// well-delimited frame with a bad check costs its 4 bytes.
// A touch is one event (no release is reported): it becomes a pad down and up
// at once, so it gives pad-<n>, tap and double-tap but never long-touch.
import { preview, type ParseOutput, type SerialEvent } from '../events.js';
import type { GestureSlug } from '../gestures.js';
import type { FrameParser, ProtocolDriver } from './types.js';

export const DFGT_RECV_HEAD = 0xaa;
export const DFGT_RECV_END = 0x55;
export const FRAME_BYTES = 4;

/** DFGT_EVT_* → our slugs, as issue #18 maps them. */
export const DFGT_GESTURES: ReadonlyMap<number, GestureSlug> = new Map([
  [0x01, 'swipe-right'], // DFGT_EVT_RIGHT
  [0x02, 'swipe-left'], // DFGT_EVT_LEFT
  [0x03, 'swipe-down'], // DFGT_EVT_BACK
  [0x04, 'swipe-up'], // DFGT_EVT_FORWARD
  [0x05, 'pull'], // DFGT_EVT_PULLUP
  [0x06, 'push'], // DFGT_EVT_PULLDOWN (hand towards the sensor)
  [0x07, 'withdraw'], // DFGT_EVT_PULLREMOVE
]);
/** DFGT_EVT_TOUCH1 … DFGT_EVT_TOUCH5. */
export const DFGT_EVT_TOUCH1 = 0x21;
export const DFGT_TOUCH_PADS = 5;

const hex = (b: number) => `0x${b.toString(16).padStart(2, '0')}`;

/** A valid frame for `data` (for tests and the demo). */
export function dfrobotFrame(data: number): Buffer {
  return Buffer.from([DFGT_RECV_HEAD, data & 0xff, 0xff - (data & 0xff), DFGT_RECV_END]);
}

function decodeEvent(data: number): SerialEvent[] | null {
  const slug = DFGT_GESTURES.get(data);
  if (slug) return [{ kind: 'gesture', slug }];
  const pad = data - DFGT_EVT_TOUCH1 + 1;
  if (pad >= 1 && pad <= DFGT_TOUCH_PADS) return [{ kind: 'pad', pad, edge: 'down' }, { kind: 'pad', pad, edge: 'up' }];
  return null;
}

class DfrobotParser implements FrameParser {
  /** A started frame: 0xAA and up to 2 more bytes. */
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): ParseOutput[] {
    const out: ParseOutput[] = [];
    const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.pending = Buffer.alloc(0);
    let garbageFrom = -1;
    const flushGarbage = (to: number) => {
      if (garbageFrom < 0) return;
      out.push({ type: 'rejected', reason: 'garbage', detail: `${to - garbageFrom} byte(s) outside a frame`, raw: preview(data.subarray(garbageFrom, to)), bytes: to - garbageFrom });
      garbageFrom = -1;
    };
    let i = 0;
    while (i < data.length) {
      if (data[i] !== DFGT_RECV_HEAD) {
        if (garbageFrom < 0) garbageFrom = i;
        i++;
        continue;
      }
      if (data.length - i < FRAME_BYTES) break;
      flushGarbage(i);
      const value = data[i + 1]!;
      const verify = data[i + 2]!;
      const end = data[i + 3]!;
      if (end !== DFGT_RECV_END) {
        out.push({ type: 'rejected', reason: 'frame-length', detail: `header 0xaa without the end byte 0x55 three bytes on (found ${hex(end)})`, raw: preview(data.subarray(i, i + 1)), bytes: 1 });
        i += 1;
        continue;
      }
      const raw = preview(data.subarray(i, i + FRAME_BYTES));
      i += FRAME_BYTES;
      if (value + verify !== 0xff) {
        out.push({ type: 'rejected', reason: 'checksum', detail: `data ${hex(value)} + verify ${hex(verify)} ≠ 0xff`, raw, bytes: FRAME_BYTES });
        continue;
      }
      const events = decodeEvent(value);
      if (!events) out.push({ type: 'rejected', reason: 'unknown-event', detail: `event ${hex(value)}`, raw, bytes: FRAME_BYTES });
      else out.push({ type: 'frame', events, raw, bytes: FRAME_BYTES });
    }
    flushGarbage(i);
    if (i < data.length) this.pending = Buffer.from(data.subarray(i));
    return out;
  }

  buffered(): number {
    return this.pending.length;
  }

  reset(): void {
    this.pending = Buffer.alloc(0);
  }
}

export const dfrobotSen0285: ProtocolDriver = {
  name: 'dfrobot-sen0285',
  defaultBaudRate: 9600,
  gestures: ['swipe-left', 'swipe-right', 'swipe-up', 'swipe-down', 'push', 'pull', 'withdraw', 'tap', 'double-tap'],
  maxBuffered: FRAME_BYTES - 1,
  createParser: () => new DfrobotParser(),
};
