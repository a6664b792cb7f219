// scpm-serial/1: our line protocol for microcontroller bridges (spec:
// docs/serial-protocol.md). ASCII lines ending in \n (one \r before it is
// ignored), fields separated by exactly one space, at most 128 bytes a line.
import { preview, type ParseOutput, type RejectReason, type SerialEvent } from '../events.js';
import { BUTTON_SLUG, GESTURE_SLUGS, isGestureSlug } from '../gestures.js';
import type { FrameParser, ProtocolDriver } from './types.js';

export const MAX_LINE = 128;
/** A line's content plus the \r that may precede its \n. */
const MAX_BUFFERED = MAX_LINE + 1;
const NL = 0x0a;
const CR = 0x0d;
const NEWLINE = Buffer.from([NL]);
const VERSION = 'scpm-serial/1';
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const PAD = /^(?:[1-9]|1[0-2])$/;
/** 0, 1, 0.x (up to 4 decimals) or 1.0…; a plain decimal, no exponent, no sign. */
const CONFIDENCE = /^(?:0(?:\.\d{1,4})?|1(?:\.0{1,4})?)$/;

type Decoded = { events: SerialEvent[] } | { reason: RejectReason; detail: string };

const reject = (reason: RejectReason, detail: string): Decoded => ({ reason, detail });

/** A field of a hostile line, quoted and cut short for a rejection detail. */
function quote(field: string): string {
  return JSON.stringify(field.length > 24 ? field.slice(0, 24) + '…' : field);
}

function edge(field: string): 'down' | 'up' | null {
  return field === 'down' || field === 'up' ? field : null;
}

/** Decodes one line (without its line ending). */
export function decodeLine(line: Uint8Array): Decoded {
  if (line.length > MAX_LINE) return reject('line-too-long', `line of ${line.length} bytes, at most ${MAX_LINE}`);
  if (line.length === 0) return reject('empty-line', 'empty line');
  for (let i = 0; i < line.length; i++) {
    const b = line[i]!;
    if (b < 0x20 || b > 0x7e) return reject('not-ascii', `byte 0x${b.toString(16).padStart(2, '0')} at ${i}: only printable ASCII`);
  }
  const text = Buffer.from(line).toString('latin1');
  const fields = text.split(' ');
  if (fields.some((f) => f === '')) return reject('syntax', 'fields must be separated by exactly one space');
  const [command, a, b, ...more] = fields as [string, string | undefined, string | undefined, ...string[]];
  switch (command) {
    case 'HELLO': {
      if (a === undefined || b === undefined || more.length > 0) return reject('syntax', 'HELLO takes a protocol version and a device name');
      if (a !== VERSION) return /^scpm-serial\/\d{1,4}$/.test(a) ? reject('unsupported-version', `${quote(a)}, this gateway speaks ${VERSION}`) : reject('syntax', `${quote(a)} is not a protocol version`);
      if (!NAME.test(b)) return reject('bad-name', `${quote(b)}: 1-64 letters, digits, "-", "_" or "."`);
      return { events: [{ kind: 'hello', name: b }] };
    }
    case 'G': {
      if (a === undefined || more.length > 0) return reject('syntax', 'G takes a gesture and an optional confidence');
      if (!isGestureSlug(a)) return reject('unknown-gesture', quote(a));
      if (b === undefined) return { events: [{ kind: 'gesture', slug: a }] };
      if (!CONFIDENCE.test(b)) return reject('bad-confidence', `${quote(b)}: a decimal from 0 to 1`);
      return { events: [{ kind: 'gesture', slug: a, confidence: Number(b) }] };
    }
    case 'P': {
      if (a === undefined || b !== undefined) return reject('syntax', 'P takes 0 or 1');
      if (a !== '0' && a !== '1') return reject('bad-presence', `${quote(a)}: 0 or 1`);
      return { events: [{ kind: 'presence', present: a === '1' }] };
    }
    case 'T': {
      if (a === undefined || b === undefined || more.length > 0) return reject('syntax', 'T takes a pad number and down or up');
      if (!PAD.test(a)) return reject('bad-pad', `${quote(a)}: a pad from 1 to 12`);
      const e = edge(b);
      if (!e) return reject('bad-edge', `${quote(b)}: down or up`);
      return { events: [{ kind: 'pad', pad: Number(a), edge: e }] };
    }
    case 'B': {
      if (a === undefined || b === undefined || more.length > 0) return reject('syntax', 'B takes a button name and down or up');
      if (!BUTTON_SLUG.test(a)) return reject('bad-button', `${quote(a)}: lowercase letters, digits and "-"`);
      const e = edge(b);
      if (!e) return reject('bad-edge', `${quote(b)}: down or up`);
      return { events: [{ kind: 'button', slug: a, edge: e }] };
    }
    default:
      return reject('unknown-command', quote(command));
  }
}

class ScpmLineParser implements FrameParser {
  private readonly buf = Buffer.alloc(MAX_BUFFERED);
  private len = 0;
  /** Inside an over-long line already rejected: drop bytes up to its \n. */
  private discarding = false;

  push(chunk: Uint8Array): ParseOutput[] {
    const out: ParseOutput[] = [];
    let i = 0;
    while (i < chunk.length) {
      const nl = chunk.indexOf(NL, i);
      const end = nl === -1 ? chunk.length : nl;
      if (this.discarding) {
        out.push({ type: 'discarded', bytes: end - i + (nl === -1 ? 0 : 1) });
        if (nl !== -1) this.discarding = false;
        i = end + (nl === -1 ? 0 : 1);
        continue;
      }
      const take = end - i;
      if (this.len + take > MAX_BUFFERED) {
        // Over-long: rejected once, now; the rest of the line (if not in this chunk) is discarded as it comes.
        const head = Buffer.concat([this.buf.subarray(0, this.len), chunk.subarray(i, Math.min(end, i + MAX_BUFFERED))]);
        const bytes = this.len + take + (nl === -1 ? 0 : 1);
        out.push({ type: 'rejected', reason: 'line-too-long', detail: `more than ${MAX_LINE} bytes without a newline`, raw: preview(head), bytes });
        this.len = 0;
        this.discarding = nl === -1;
        i = end + (nl === -1 ? 0 : 1);
        continue;
      }
      this.buf.set(chunk.subarray(i, end), this.len);
      this.len += take;
      i = end;
      if (nl === -1) break;
      i = nl + 1;
      const bytes = this.len + 1;
      let lineLen = this.len;
      if (lineLen > 0 && this.buf[lineLen - 1] === CR) lineLen--;
      const raw = preview(Buffer.concat([this.buf.subarray(0, this.len), NEWLINE]));
      const decoded = decodeLine(this.buf.subarray(0, lineLen));
      this.len = 0;
      out.push('events' in decoded ? { type: 'frame', events: decoded.events, raw, bytes } : { type: 'rejected', reason: decoded.reason, detail: decoded.detail, raw, bytes });
    }
    return out;
  }

  buffered(): number {
    return this.len;
  }

  reset(): void {
    this.len = 0;
    this.discarding = false;
  }
}

export const scpmSerial1: ProtocolDriver = {
  name: VERSION,
  defaultBaudRate: 115200,
  // A microcontroller bridge may report any of the 17; its config can narrow the list.
  gestures: GESTURE_SLUGS,
  maxBuffered: MAX_BUFFERED,
  createParser: () => new ScpmLineParser(),
};
