import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeWav, MAX_SECONDS, parseWav, pcm16k, SAMPLE_RATE } from './wav.js';

/** A WAV header with chosen format fields (and `dataBytes` of payload). */
function wav(opts: { format?: number; channels?: number; rate?: number; bits?: number; dataBytes?: number; declared?: number; extra?: Buffer } = {}): Buffer {
  const channels = opts.channels ?? 1;
  const bits = opts.bits ?? 16;
  const rate = opts.rate ?? SAMPLE_RATE;
  const data = Buffer.alloc(opts.dataBytes ?? 3200, 1);
  const extra = opts.extra ?? Buffer.alloc(0);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + extra.length + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(opts.format ?? 1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE((rate * channels * bits) / 8, 28);
  h.writeUInt16LE((channels * bits) / 8, 32);
  h.writeUInt16LE(bits, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(opts.declared ?? data.length, 40);
  return Buffer.concat([h.subarray(0, 36), extra, h.subarray(36), data]);
}

describe('parseWav', () => {
  it('accepts 16 kHz mono 16-bit PCM and reads its samples', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
    const r = parseWav(encodeWav(pcm16k(samples)));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect([...r.pcm.samples]).toEqual([...samples]);
      expect(r.pcm.sampleRate).toBe(16000);
    }
  });

  it('skips foreign chunks before the data (LIST, fact)', () => {
    const list = Buffer.concat([Buffer.from('LIST', 'ascii'), Buffer.from([5, 0, 0, 0]), Buffer.from('abcde'), Buffer.from([0])]);
    const r = parseWav(wav({ extra: list, dataBytes: 320 }));
    expect(r.ok && r.pcm.samples.length).toBe(160);
  });

  it('reads a streamed file whose data size runs past the end (arecord to a pipe) up to the last whole sample', () => {
    const r = parseWav(wav({ dataBytes: 3201, declared: 0x7fffffff }));
    expect(r.ok && r.pcm.samples.length).toBe(1600);
  });

  it('accepts WAVE_FORMAT_EXTENSIBLE with a PCM sub-format', () => {
    const h = Buffer.alloc(68);
    h.write('RIFF', 0, 'ascii'); h.writeUInt32LE(60 + 320, 4); h.write('WAVE', 8, 'ascii');
    h.write('fmt ', 12, 'ascii'); h.writeUInt32LE(40, 16); h.writeUInt16LE(0xfffe, 20); h.writeUInt16LE(1, 22);
    h.writeUInt32LE(16000, 24); h.writeUInt32LE(32000, 28); h.writeUInt16LE(2, 32); h.writeUInt16LE(16, 34);
    h.writeUInt16LE(22, 36); h.writeUInt16LE(16, 38); h.writeUInt32LE(4, 40); h.writeUInt16LE(1, 44);
    h.write('data', 60, 'ascii'); h.writeUInt32LE(320, 64);
    const r = parseWav(Buffer.concat([h, Buffer.alloc(320)]));
    expect(r.ok).toBe(true);
  });

  it.each([
    ['44.1 kHz', { rate: 44100 }, 'wrong-format'],
    ['stereo', { channels: 2 }, 'wrong-format'],
    ['8-bit', { bits: 8 }, 'wrong-format'],
    ['32-bit', { bits: 32 }, 'wrong-format'],
    ['float', { format: 3 }, 'not-pcm'],
    ['mu-law', { format: 7 }, 'not-pcm'],
  ] as const)('rejects %s with 415 saying what is expected', (_name, opts, reason) => {
    const r = parseWav(wav(opts));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe(reason);
      expect(r.status).toBe(415);
      expect(r.message).toMatch(/expected audio\/wav: RIFF\/WAVE, PCM 16-bit little-endian, mono, 16000 Hz/);
    }
  });

  it('rejects what is not a WAV file (415)', () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from('hello world, not audio'), Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x00\xff\xfb'), Buffer.from('OggS\0\x02')]) {
      const r = parseWav(bytes);
      expect(r.ok).toBe(false);
      if (!r.ok) { expect(r.status).toBe(415); expect(r.reason).toBe('not-wav'); }
    }
  });

  it('rejects a file without samples, and one cut inside its fmt chunk', () => {
    const empty = parseWav(wav({ dataBytes: 0 }));
    expect(!empty.ok && empty.reason).toBe('empty');
    const cut = parseWav(wav().subarray(0, 30));
    expect(!cut.ok && cut.reason).toBe('truncated');
  });

  it('rejects more than 30 s with 413, and takes exactly 30 s', () => {
    const over = parseWav(wav({ dataBytes: (MAX_SECONDS * SAMPLE_RATE + 1) * 2 }));
    expect(over.ok).toBe(false);
    if (!over.ok) { expect(over.status).toBe(413); expect(over.reason).toBe('too-long'); expect(over.message).toMatch(/at most 30 s/); }
    expect(parseWav(wav({ dataBytes: MAX_SECONDS * SAMPLE_RATE * 2 })).ok).toBe(true);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
      const r = parseWav(bytes);
      expect(typeof r.ok).toBe('boolean');
    }), { numRuns: 3000 });
  });

  it('never throws on a valid file with bytes changed, cut or appended, and never reads past the end', () => {
    const base = wav({ dataBytes: 640, extra: Buffer.concat([Buffer.from('junk', 'ascii'), Buffer.from([4, 0, 0, 0]), Buffer.from('abcd')]) });
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.nat(base.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      fc.nat(base.length),
      fc.uint8Array({ maxLength: 64 }),
      (edits, cut, tail) => {
        const b = Buffer.from(base);
        for (const [at, v] of edits) b[at] = v;
        const bytes = Buffer.concat([b.subarray(0, cut), tail]);
        const r = parseWav(bytes);
        if (r.ok) expect(r.pcm.samples.length * 2).toBeLessThanOrEqual(bytes.length);
        else expect([413, 415]).toContain(r.status);
      },
    ), { numRuns: 3000 });
  });
});
