import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Fmp4Segmenter, type SegmenterEvent } from './segmenter.js';
import { parseInit, parseMoof, readBoxHeader } from './mp4-boxes.js';
import { testStream } from './test-streams.js';

let h264: Buffer;
let h265: Buffer;

beforeAll(async () => {
  // Real ffmpeg output, as the ingest asks for it (one fragment per frame).
  [h264, h265] = await Promise.all([
    testStream({ codec: 'h264', profile: 'baseline', level: '3.0', seconds: 3, gop: 25 }),
    testStream({ codec: 'h265', seconds: 2, gop: 25 }),
  ]);
}, 30_000);

/** Top-level boxes of a whole stream (for expectations, independent of the segmenter). */
function topBoxes(buf: Buffer): { type: string; start: number; size: number }[] {
  const out = [];
  for (let at = 0; at < buf.length;) {
    const h = readBoxHeader(buf, at);
    if (h === null || typeof h === 'string') break;
    out.push({ type: h.type, start: at, size: h.size });
    at += h.size;
  }
  return out;
}

function feed(seg: Fmp4Segmenter, buf: Buffer, cuts: number[]): SegmenterEvent[] {
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const events: SegmenterEvent[] = [];
  let prev = 0;
  for (const p of [...points, buf.length]) {
    if (p > prev) events.push(...seg.push(buf.subarray(prev, p)));
    prev = p;
  }
  return events;
}

describe('fMP4 box readers on real ffmpeg output', () => {
  it('read the init segment: codec string, size, timescale', () => {
    const boxes = topBoxes(h264);
    const moov = boxes.find((b) => b.type === 'moov')!;
    expect(parseInit(h264.subarray(moov.start, moov.start + moov.size))).toMatchObject({ codec: 'avc1.42C01E', family: 'h264', width: 320, height: 180, timescale: 12800, trackId: 1 });
    const m5 = topBoxes(h265).find((b) => b.type === 'moov')!;
    const info = parseInit(h265.subarray(m5.start, m5.start + m5.size));
    expect(info).toMatchObject({ family: 'h265', sampleEntry: 'hev1', width: 320, height: 180 });
    expect(typeof info !== 'string' && info.codec).toMatch(/^hev1\.1\.6\.L\d+\.[0-9A-F]+/);
  });

  it('read each fragment: keyframe every 25 frames, continuous decode times', () => {
    const moofs = topBoxes(h264).filter((b) => b.type === 'moof').map((b) => parseMoof(h264.subarray(b.start, b.start + b.size)));
    expect(moofs.length).toBe(75);
    const keys = moofs.map((m, i) => (typeof m !== 'string' && m.keyframe ? i : -1)).filter((i) => i >= 0);
    expect(keys).toEqual([0, 25, 50]);
    for (let i = 1; i < moofs.length; i++) {
      const a = moofs[i - 1]!;
      const b = moofs[i]!;
      if (typeof a === 'string' || typeof b === 'string') throw new Error('unreadable fragment');
      expect(b.decodeTime).toBe(a.decodeTime! + a.duration);
    }
  });

  it('reads a High-profile codec string too', async () => {
    const high = await testStream({ codec: 'h264', profile: 'high', level: '3.1', preset: 'veryfast', seconds: 1 });
    const moov = topBoxes(high).find((b) => b.type === 'moov')!;
    expect(parseInit(high.subarray(moov.start, moov.start + moov.size))).toMatchObject({ codec: 'avc1.64001F' });
  });
});

describe('segmenter', () => {
  it('gives the same init and fragments however the bytes are chunked (fast-check)', () => {
    const whole = new Fmp4Segmenter().push(h264);
    const fragments = whole.filter((e) => e.kind === 'fragment');
    expect(whole[0]!.kind).toBe('init');
    expect(fragments).toHaveLength(75);
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 60 }), (cuts) => {
      const seg = new Fmp4Segmenter();
      const ev = feed(seg, h264, cuts);
      expect(ev.map((e) => e.kind)).toEqual(whole.map((e) => e.kind));
      const bytes = (e: SegmenterEvent) => (e.kind === 'init' ? e.init.bytes : e.kind === 'fragment' ? e.fragment.bytes : Buffer.alloc(0));
      expect(Buffer.concat(ev.map(bytes)).equals(Buffer.concat(whole.map(bytes)))).toBe(true);
      expect(ev.filter((e) => e.kind === 'fragment' && e.fragment.keyframe)).toHaveLength(3);
    }), { numRuns: 200 });
  });

  it('the init and fragments it emits are the stream itself, byte for byte (only the closing mfra is left out)', () => {
    const ev = new Fmp4Segmenter().push(h264);
    const out = Buffer.concat(ev.map((e) => (e.kind === 'init' ? e.init.bytes : e.kind === 'fragment' ? e.fragment.bytes : Buffer.alloc(0))));
    const mfra = topBoxes(h264).find((b) => b.type === 'mfra');
    expect(out.equals(h264.subarray(0, mfra ? mfra.start : h264.length))).toBe(true);
  });

  it('keeps the latest init and the GOP since the last keyframe, for a viewer who joins', () => {
    const seg = new Fmp4Segmenter();
    seg.push(h264);
    const gop = seg.gop();
    expect(gop[0]!.keyframe).toBe(true);
    expect(gop.length).toBe(25);
    expect(gop.slice(1).every((f) => !f.keyframe)).toBe(true);
    expect(seg.init?.info.codec).toBe('avc1.42C01E');
  });

  it('drops the kept GOP when it outgrows its bound (a viewer then waits for the next keyframe)', () => {
    const seg = new Fmp4Segmenter({ maxBoxBytes: 1 << 20, maxInitBytes: 64 << 10, maxGopBytes: 4096 });
    seg.push(h264);
    expect(seg.counts.droppedGops).toBeGreaterThan(0);
    expect(seg.bufferedBytes()).toBeLessThanOrEqual(4096 + (64 << 10));
  });

  it('a new init (ffmpeg restarted) replaces the old one and clears the GOP', () => {
    const seg = new Fmp4Segmenter();
    seg.push(h264);
    const ev = seg.push(h265);
    expect(ev[0]).toMatchObject({ kind: 'init' });
    expect(seg.init?.info.family).toBe('h265');
    expect(seg.gop()[0]?.keyframe).toBe(true);
  });

  it('refuses a box claiming more than its limit at once, without buffering it', () => {
    const seg = new Fmp4Segmenter({ maxBoxBytes: 1 << 20, maxInitBytes: 64 << 10, maxGopBytes: 1 << 20 });
    const head = Buffer.alloc(16);
    head.writeUInt32BE(200 << 20, 0);
    head.write('mdat', 4, 'latin1');
    const ev = seg.push(head);
    expect(ev).toEqual([{ kind: 'error', reason: expect.stringContaining('over the 1048576-byte limit') }]);
    expect(seg.bufferedBytes()).toBe(0);
    expect(seg.push(Buffer.alloc(1000))).toEqual([]);
    expect(seg.counts.refusedBytes).toBe(1000);
    seg.reset();
    expect(seg.push(h264.subarray(0, 2000)).length).toBeGreaterThan(0);
  });

  it('fuzz: garbage never throws and never holds more than its bounds', () => {
    const limits = { maxBoxBytes: 64 << 10, maxInitBytes: 16 << 10, maxGopBytes: 64 << 10 };
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 4096 }), { maxLength: 40 }), (chunks) => {
      const seg = new Fmp4Segmenter(limits);
      for (const c of chunks) {
        seg.push(Buffer.from(c));
        expect(seg.bufferedBytes()).toBeLessThanOrEqual(limits.maxBoxBytes * 2 + limits.maxInitBytes + limits.maxGopBytes);
      }
    }), { numRuns: 500 });
  });

  it('fuzz: a real stream with bytes flipped or cut out never throws, and every fragment it emits parses', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(), fc.nat({ max: 64 }), (flips, cutAt, cutLen) => {
      const buf = Buffer.from(h264.subarray(0, 40_000));
      for (const [at, v] of flips) buf[at % buf.length] = v;
      const c = cutAt % buf.length;
      const damaged = Buffer.concat([buf.subarray(0, c), buf.subarray(Math.min(buf.length, c + cutLen))]);
      const seg = new Fmp4Segmenter({ maxBoxBytes: 1 << 20, maxInitBytes: 64 << 10, maxGopBytes: 1 << 20 });
      for (const e of seg.push(damaged)) {
        if (e.kind === 'fragment') expect(typeof parseMoof(e.fragment.bytes)).not.toBe('string');
      }
    }), { numRuns: 300 });
  });

  it('fuzz: the box readers never throw on arbitrary bytes behind a valid header', () => {
    fc.assert(fc.property(fc.constantFrom('moov', 'moof'), fc.uint8Array({ maxLength: 2048 }), (type, body) => {
      const box = Buffer.alloc(8 + body.length);
      box.writeUInt32BE(box.length, 0);
      box.write(type, 4, 'latin1');
      Buffer.from(body).copy(box, 8);
      const r = type === 'moov' ? parseInit(box) : parseMoof(box);
      expect(r).toBeDefined();
    }), { numRuns: 1000 });
  });
});
