// fast-check into every parser of the protocol table: random, truncated and
// oversize frames → no throw, every byte accounted for (in a decoded frame, a
// rejection, or the discarded tail of a rejected line; the rest buffered), the
// buffer bounded, and valid frames amid junk still decoded.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RAW_PREVIEW_BYTES, REJECT_REASONS, type ParseOutput, type SerialEvent } from '../events.js';
import { GESTURE_SLUGS } from '../gestures.js';
import { dfrobotFrame } from './dfrobot-sen0285.js';
import { PROTOCOLS } from './index.js';
import type { ProtocolDriver } from './types.js';

const RUNS = 400;

/** A byte stream cut into random chunks. */
const chunked = (bytes: fc.Arbitrary<Uint8Array>) =>
  fc.tuple(bytes, fc.array(fc.nat(), { maxLength: 30 })).map(([all, cuts]) => {
    const points = [...new Set(cuts.map((c) => (all.length === 0 ? 0 : c % (all.length + 1))))].sort((a, b) => a - b);
    const chunks: Uint8Array[] = [];
    let from = 0;
    for (const p of [...points, all.length]) {
      chunks.push(all.subarray(from, p));
      from = p;
    }
    return chunks;
  });

function feedAll(driver: ProtocolDriver, chunks: Uint8Array[]): { outs: ParseOutput[]; fed: number; buffered: number } {
  const parser = driver.createParser();
  const outs: ParseOutput[] = [];
  let fed = 0;
  for (const c of chunks) {
    outs.push(...parser.push(c));
    fed += c.length;
    expect(parser.buffered()).toBeLessThanOrEqual(driver.maxBuffered);
  }
  return { outs, fed, buffered: parser.buffered() };
}

function checkAccounting(driver: ProtocolDriver, chunks: Uint8Array[]): ParseOutput[] {
  const { outs, fed, buffered } = feedAll(driver, chunks);
  let accounted = 0;
  for (const o of outs) {
    expect(o.bytes).toBeGreaterThan(0);
    accounted += o.bytes;
    if (o.type === 'rejected') {
      expect(REJECT_REASONS).toContain(o.reason);
      expect(o.detail.length).toBeGreaterThan(0);
      expect(o.raw.length).toBeLessThanOrEqual(RAW_PREVIEW_BYTES);
    }
    if (o.type === 'frame') {
      expect(o.events.length).toBeGreaterThan(0);
      expect(o.raw.length).toBeLessThanOrEqual(RAW_PREVIEW_BYTES);
    }
  }
  expect(accounted + buffered).toBe(fed);
  return outs;
}

const latin1 = (s: string) => Buffer.from(s, 'latin1');
const gesture = fc.constantFrom(...GESTURE_SLUGS);

/** Valid scpm-serial/1 lines and the events they stand for. */
const scpmValid: fc.Arbitrary<[string, SerialEvent]> = fc.oneof(
  gesture.map((slug): [string, SerialEvent] => [`G ${slug}\n`, { kind: 'gesture', slug }]),
  fc.tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom('down' as const, 'up' as const)).map(([pad, edge]): [string, SerialEvent] => [`T ${pad} ${edge}\r\n`, { kind: 'pad', pad, edge }]),
  fc.boolean().map((present): [string, SerialEvent] => [`P ${present ? 1 : 0}\n`, { kind: 'presence', present }]),
);
/** Junk that is certainly not a valid line: starts with "x", any bytes but \n, any length (oversize too), then \n. */
const scpmJunk = fc.oneof(
  fc.uint8Array({ maxLength: 60 }),
  fc.uint8Array({ minLength: 120, maxLength: 700 }),
).map((b) => Buffer.concat([latin1('x'), Buffer.from(b.filter((x) => x !== 0x0a)), latin1('\n')]));

/** Junk for SEN0285 without 0xAA (a header) or 0x55 (an end byte). */
const dfJunk = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b.filter((x) => x !== 0xaa && x !== 0x55)));
const dfCodes = [1, 2, 3, 4, 5, 6, 7, 0x21, 0x22, 0x23, 0x24, 0x25];

describe.each(Object.values(PROTOCOLS))('fuzzing $name', (driver) => {
  it('random bytes: no throw, every byte accounted for, buffer bounded', () => {
    fc.assert(fc.property(chunked(fc.uint8Array({ maxLength: 2000 })), (chunks) => void checkAccounting(driver, chunks)), { numRuns: RUNS });
  });

  it('near-valid bytes (the protocol\'s alphabet): the same', () => {
    const alphabet = driver.name === 'scpm-serial/1' ? [...latin1('GTPBHELO 0123456789.-\r\nswipe-leftdownup')] : [0xaa, 0x55, 0x01, 0x02, 0xfe, 0xfd, 0x21, 0xde, 0x00];
    const bytes = fc.array(fc.constantFrom(...alphabet), { maxLength: 1500 }).map((a) => Uint8Array.from(a));
    fc.assert(fc.property(chunked(bytes), (chunks) => void checkAccounting(driver, chunks)), { numRuns: RUNS });
  });
});

describe('fuzzing, structured', () => {
  it('scpm-serial/1: valid lines amid junk, truncated and oversize lines are all decoded; every junk line costs one rejection', () => {
    const item = fc.oneof(scpmValid.map((v) => ({ valid: v })), scpmJunk.map((j) => ({ junk: j })));
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), fc.array(fc.nat(), { maxLength: 20 }), (items, cuts) => {
        const stream = Buffer.concat(items.map((i) => ('valid' in i ? latin1(i.valid[0]) : i.junk)));
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const chunks = [...points, stream.length].map((p, k, all) => stream.subarray(k === 0 ? 0 : all[k - 1]!, p));
        const outs = checkAccounting(PROTOCOLS['scpm-serial/1'], chunks);
        const expected = items.flatMap((i) => ('valid' in i ? [i.valid[1]] : []));
        expect(outs.flatMap((o) => (o.type === 'frame' ? o.events : []))).toEqual(expected);
        expect(outs.filter((o) => o.type === 'rejected').length).toBe(items.filter((i) => 'junk' in i).length);
      }),
      { numRuns: RUNS },
    );
  });

  it('scpm-serial/1: a truncated line (no newline) followed by a valid one costs exactly that one line', () => {
    fc.assert(
      fc.property(scpmValid, scpmValid, fc.nat(), (a, b, cut) => {
        const truncated = a[0].slice(0, cut % a[0].length).replace(/\r$/, '');
        const outs = checkAccounting(PROTOCOLS['scpm-serial/1'], [latin1(truncated + b[0])]);
        const frames = outs.flatMap((o) => (o.type === 'frame' ? o.events : []));
        // The merged line is rejected (or, if the cut left nothing, b stands alone).
        if (truncated.length === 0) expect(frames).toEqual([b[1]]);
        else expect(outs.length).toBe(1);
      }),
      { numRuns: RUNS },
    );
  });

  it('dfrobot-sen0285: valid frames amid junk and truncated frames are all decoded, in order', () => {
    const item = fc.oneof(
      fc.constantFrom(...dfCodes).map((code) => ({ code })),
      dfJunk.map((junk) => ({ junk })),
      fc.tuple(fc.constantFrom(...dfCodes), fc.integer({ min: 1, max: 3 })).map(([code, k]) => ({ junk: dfrobotFrame(code).subarray(0, k) })),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 60 }), fc.array(fc.nat(), { maxLength: 20 }), (items, cuts) => {
        const stream = Buffer.concat(items.map((i) => ('code' in i ? dfrobotFrame(i.code) : i.junk)));
        const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
        const chunks = [...points, stream.length].map((p, k, all) => stream.subarray(k === 0 ? 0 : all[k - 1]!, p));
        const outs = checkAccounting(PROTOCOLS['dfrobot-sen0285'], chunks);
        const frames = outs.filter((o) => o.type === 'frame');
        // A truncated frame at the very end stays buffered; every complete one is decoded.
        expect(frames.length).toBe(items.filter((i) => 'code' in i).length);
      }),
      { numRuns: RUNS },
    );
  });
});
