// Splits ffmpeg's fragmented-MP4 byte stream into an init segment (ftyp+moov)
// and fragments (moof+mdat), and keeps the latest init plus the fragments
// since the last keyframe, so a new viewer starts at once on a keyframe.
// Pure and bounded: no box may exceed `maxBoxBytes`, the kept GOP is dropped
// past `maxGopBytes`, and after a malformed box it refuses everything until
// reset() (the ingest restarts ffmpeg; one stream's garbage is not worth a
// resync heuristic).
import { parseInit, parseMoof, readBoxHeader, type FragmentInfo, type InitInfo } from './mp4-boxes.js';

export interface SegmenterLimits {
  /** Largest single box (an mdat of one frame at 4K is a few hundred KB; default 8 MiB). */
  maxBoxBytes: number;
  /** Largest init segment (default 256 KiB). */
  maxInitBytes: number;
  /** Bytes of the kept GOP; past it the GOP is dropped and a new viewer waits for the next keyframe (default 8 MiB). */
  maxGopBytes: number;
}

export const DEFAULT_LIMITS: SegmenterLimits = { maxBoxBytes: 8 << 20, maxInitBytes: 256 << 10, maxGopBytes: 8 << 20 };

export interface InitSegment {
  bytes: Buffer;
  info: InitInfo;
}

export interface Fragment extends FragmentInfo {
  /** moof + mdat, ready to append to a SourceBuffer. */
  bytes: Buffer;
}

export type SegmenterEvent =
  | { kind: 'init'; init: InitSegment }
  | { kind: 'fragment'; fragment: Fragment }
  | { kind: 'error'; reason: string };

const IGNORED = new Set(['styp', 'sidx', 'free', 'skip', 'prft', 'emsg', 'mfra', 'uuid', 'meta']);

export class Fmp4Segmenter {
  private chunks: Buffer[] = [];
  private pending = 0;
  private ftyp: Buffer | null = null;
  private moof: { bytes: Buffer; info: FragmentInfo } | null = null;
  private initSeg: InitSegment | null = null;
  private gopList: Fragment[] = [];
  private gopBytes = 0;
  private failedReason: string | null = null;
  /** Counts, for the setup panel and tests. */
  readonly counts = { fragments: 0, keyframes: 0, bytesIn: 0, ignoredBoxes: 0, droppedGops: 0, refusedBytes: 0 };

  constructor(private readonly limits: SegmenterLimits = DEFAULT_LIMITS) {}

  /** Feeds bytes; returns what they completed. Never throws. */
  push(chunk: Buffer): SegmenterEvent[] {
    if (this.failedReason !== null) {
      this.counts.refusedBytes += chunk.length;
      return [];
    }
    this.counts.bytesIn += chunk.length;
    this.chunks.push(chunk);
    this.pending += chunk.length;
    const events: SegmenterEvent[] = [];
    for (;;) {
      const head = this.peek(16);
      const h = readBoxHeader(head, 0);
      if (h === null) break;
      if (typeof h === 'string') return this.fail(events, h);
      if (h.size > this.limits.maxBoxBytes) return this.fail(events, `a ${h.type} box of ${h.size} bytes is over the ${this.limits.maxBoxBytes}-byte limit`);
      if (this.pending < h.size) break;
      const box = this.take(h.size);
      const problem = this.onBox(h.type, box, events);
      if (problem !== null) return this.fail(events, problem);
    }
    return events;
  }

  /** Forget everything (a new ffmpeg run). */
  reset(): void {
    this.chunks = [];
    this.pending = 0;
    this.ftyp = null;
    this.moof = null;
    this.initSeg = null;
    this.gopList = [];
    this.gopBytes = 0;
    this.failedReason = null;
  }

  get init(): InitSegment | null {
    return this.initSeg;
  }

  /** Fragments from the last keyframe on (empty until a keyframe was seen, or after the GOP outgrew its bound). */
  gop(): readonly Fragment[] {
    return this.gopList;
  }

  /** Bytes held: partial box, pending moof, init, kept GOP (what the memory bound is about). */
  bufferedBytes(): number {
    return this.pending + (this.moof?.bytes.length ?? 0) + (this.ftyp?.length ?? 0) + (this.initSeg?.bytes.length ?? 0) + this.gopBytes;
  }

  private onBox(type: string, box: Buffer, events: SegmenterEvent[]): string | null {
    switch (type) {
      case 'ftyp':
        if (box.length > this.limits.maxInitBytes) return 'ftyp box over the init limit';
        this.ftyp = box;
        return null;
      case 'moov': {
        const size = box.length + (this.ftyp?.length ?? 0);
        if (size > this.limits.maxInitBytes) return `init segment of ${size} bytes is over the ${this.limits.maxInitBytes}-byte limit`;
        const info = parseInit(box);
        if (typeof info === 'string') return `init segment unreadable: ${info}`;
        this.initSeg = { bytes: this.ftyp ? Buffer.concat([this.ftyp, box]) : box, info };
        this.ftyp = null;
        this.moof = null;
        this.dropGop();
        events.push({ kind: 'init', init: this.initSeg });
        return null;
      }
      case 'moof': {
        if (!this.initSeg) return 'fragment before the init segment';
        const info = parseMoof(box, this.initSeg.info);
        if (typeof info === 'string') return `fragment unreadable: ${info}`;
        this.moof = { bytes: box, info };
        return null;
      }
      case 'mdat': {
        if (!this.moof) return 'mdat without a moof';
        const fragment: Fragment = { ...this.moof.info, bytes: Buffer.concat([this.moof.bytes, box]) };
        this.moof = null;
        this.counts.fragments++;
        if (fragment.keyframe) this.counts.keyframes++;
        this.keep(fragment);
        events.push({ kind: 'fragment', fragment });
        return null;
      }
      default:
        if (!IGNORED.has(type)) this.counts.ignoredBoxes++;
        return null;
    }
  }

  private keep(f: Fragment): void {
    if (f.keyframe) {
      this.gopList = [f];
      this.gopBytes = f.bytes.length;
      return;
    }
    if (this.gopList.length === 0) return;
    if (this.gopBytes + f.bytes.length > this.limits.maxGopBytes) {
      this.counts.droppedGops++;
      this.dropGop();
      return;
    }
    this.gopList.push(f);
    this.gopBytes += f.bytes.length;
  }

  private dropGop(): void {
    this.gopList = [];
    this.gopBytes = 0;
  }

  private fail(events: SegmenterEvent[], reason: string): SegmenterEvent[] {
    this.reset();
    this.failedReason = reason;
    events.push({ kind: 'error', reason });
    return events;
  }

  /** Up to n bytes from the front without consuming them. */
  private peek(n: number): Buffer {
    const first = this.chunks[0];
    if (!first) return Buffer.alloc(0);
    if (first.length >= n || this.chunks.length === 1) return first.subarray(0, n);
    const parts: Buffer[] = [];
    let got = 0;
    for (const c of this.chunks) {
      parts.push(c.subarray(0, n - got));
      got += Math.min(c.length, n - got);
      if (got >= n) break;
    }
    return Buffer.concat(parts, got);
  }

  /** Removes and returns exactly n bytes from the front (n ≤ pending). */
  private take(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.pending -= n;
      // A copy for boxes kept beyond this call, so the rest of a large pipe chunk is not pinned.
      return Buffer.from(out);
    }
    const out = Buffer.allocUnsafe(n);
    let got = 0;
    while (got < n) {
      const c = this.chunks[0]!;
      const want = n - got;
      if (c.length <= want) {
        c.copy(out, got);
        got += c.length;
        this.chunks.shift();
      } else {
        c.copy(out, got, 0, want);
        this.chunks[0] = c.subarray(want);
        got += want;
      }
    }
    this.pending -= n;
    return out;
  }
}
