import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

function collect(max: number) {
  const lines: { line: string; cut: boolean }[] = [];
  const splitter = new LineSplitter(max, (line, cut) => lines.push({ line, cut }));
  return { splitter, lines };
}

describe('LineSplitter', () => {
  it('splits on \\n, \\r and \\r\\n across chunk boundaries, skipping empty lines', () => {
    const { splitter, lines } = collect(100);
    for (const part of ['frame=1\r', 'frame=2\r\nInput #0', ', rtsp\n\n', 'tail']) splitter.push(Buffer.from(part));
    expect(lines.map((l) => l.line)).toEqual(['frame=1', 'frame=2', 'Input #0, rtsp']);
    splitter.flush();
    expect(lines.at(-1)).toEqual({ line: 'tail', cut: false });
  });

  it('holds at most maxBytes of a 10 MB line without a newline, and cuts it', () => {
    const { splitter, lines } = collect(2048);
    const chunk = Buffer.alloc(64 * 1024, 'x');
    for (let i = 0; i < 160; i++) {
      splitter.push(chunk);
      expect(splitter.pendingBytes).toBeLessThanOrEqual(2048);
    }
    splitter.push(Buffer.from('yyy\nnext\n'));
    expect(lines).toEqual([{ line: 'x'.repeat(2048), cut: true }, { line: 'next', cut: false }]);
    expect(splitter.pendingBytes).toBe(0);
  });

  it('gives the same lines however the bytes are chunked, each within the bound (property)', () => {
    const byteArb = fc.constantFrom(...'ab\n\r'.split('').map((c) => c.charCodeAt(0)), 0x41, 0xe2, 0x82, 0xac);
    fc.assert(
      fc.property(fc.array(byteArb, { maxLength: 300 }), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 16 }), (bytes, cuts, max) => {
        const data = Buffer.from(bytes);
        const whole = collect(max);
        whole.splitter.push(data);
        whole.splitter.flush();
        const parts = collect(max);
        let at = 0;
        for (let i = 0; at < data.length; i++) {
          const n = cuts[i % cuts.length]!;
          parts.splitter.push(data.subarray(at, at + n));
          expect(parts.splitter.pendingBytes).toBeLessThanOrEqual(max);
          at += n;
        }
        parts.splitter.flush();
        expect(parts.lines).toEqual(whole.lines);
        // The model: the non-empty runs between terminators, each cut to its first maxBytes.
        const expected = data.toString('latin1').split(/\r|\n/).filter((run) => run.length > 0).map((run) => {
          const raw = Buffer.from(run, 'latin1');
          return { line: raw.subarray(0, max).toString('utf8'), cut: raw.length > max };
        });
        expect(whole.lines).toEqual(expected);
      }),
    );
  });
});
