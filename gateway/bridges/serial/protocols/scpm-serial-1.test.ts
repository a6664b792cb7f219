import { describe, expect, it } from 'vitest';
import type { ParseOutput } from '../events.js';
import { MAX_LINE, scpmSerial1 } from './scpm-serial-1.js';

function parse(...chunks: (string | Buffer)[]): ParseOutput[] {
  const p = scpmSerial1.createParser();
  return chunks.flatMap((c) => p.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c));
}

const events = (outs: ParseOutput[]) => outs.flatMap((o) => (o.type === 'frame' ? o.events : []));
const reasons = (outs: ParseOutput[]) => outs.flatMap((o) => (o.type === 'rejected' ? [o.reason] : []));

describe('scpm-serial/1 parser', () => {
  it('decodes every command of the protocol', () => {
    const outs = parse('HELLO scpm-serial/1 desk-paj7620\nG swipe-left\nG circle-cw 0.87\nG wave 1\nP 1\nP 0\nT 12 down\nT 12 up\nB push-to-talk down\n');
    expect(reasons(outs)).toEqual([]);
    expect(events(outs)).toEqual([
      { kind: 'hello', name: 'desk-paj7620' },
      { kind: 'gesture', slug: 'swipe-left' },
      { kind: 'gesture', slug: 'circle-cw', confidence: 0.87 },
      { kind: 'gesture', slug: 'wave', confidence: 1 },
      { kind: 'presence', present: true },
      { kind: 'presence', present: false },
      { kind: 'pad', pad: 12, edge: 'down' },
      { kind: 'pad', pad: 12, edge: 'up' },
      { kind: 'button', slug: 'push-to-talk', edge: 'down' },
    ]);
  });

  it('ignores a \\r before the \\n and reassembles lines split across chunks', () => {
    const line = 'G swipe-up 0.5\r\n';
    const p = scpmSerial1.createParser();
    const outs = [...line].flatMap((ch) => p.push(Buffer.from(ch)));
    expect(events(outs)).toEqual([{ kind: 'gesture', slug: 'swipe-up', confidence: 0.5 }]);
    const frame = outs.find((o) => o.type === 'frame');
    expect(frame?.bytes).toBe(line.length);
    expect(frame?.type === 'frame' && frame.raw.toString('latin1')).toBe(line);
  });

  it.each([
    ['G swipe-sideways', 'unknown-gesture'],
    ['G swipe-left 1.5', 'bad-confidence'],
    ['G swipe-left -0.1', 'bad-confidence'],
    ['G swipe-left 0.5 extra', 'syntax'],
    ['G  swipe-left', 'syntax'],
    ['G swipe-left ', 'syntax'],
    [' G swipe-left', 'syntax'],
    ['G', 'syntax'],
    ['g swipe-left', 'unknown-command'],
    ['X 1', 'unknown-command'],
    ['T 0 down', 'bad-pad'],
    ['T 13 down', 'bad-pad'],
    ['T 01 down', 'bad-pad'],
    ['T 3 pressed', 'bad-edge'],
    ['T 3', 'syntax'],
    ['B Push down', 'bad-button'],
    ['B push-to-talk held', 'bad-edge'],
    ['P 2', 'bad-presence'],
    ['P', 'syntax'],
    ['HELLO scpm-serial/2 desk', 'unsupported-version'],
    ['HELLO desk', 'syntax'],
    ['HELLO scpm-serial/1 desk!', 'bad-name'],
    ['', 'empty-line'],
    ['G swipe-left\tx', 'not-ascii'],
    ['G swipe\rleft', 'not-ascii'],
  ])('rejects %j as %s', (line, reason) => {
    const outs = parse(`${line}\n`);
    expect(reasons(outs)).toEqual([reason]);
    expect(events(outs)).toEqual([]);
  });

  it('rejects bytes outside ASCII', () => {
    expect(reasons(parse(Buffer.from([0x47, 0x20, 0xe2, 0x86, 0x90, 0x0a])))).toEqual(['not-ascii']);
  });

  it(`takes a line of ${MAX_LINE} bytes and rejects ${MAX_LINE + 1}`, () => {
    const at = (n: number) => 'B ' + 'a'.repeat(n - 2 - 5) + ' down';
    expect(at(MAX_LINE).length).toBe(MAX_LINE);
    expect(reasons(parse(at(MAX_LINE) + '\r\n'))).toEqual(['bad-button']); // judged by content, not by length
    expect(reasons(parse(at(MAX_LINE + 1) + '\n'))).toEqual(['line-too-long']);
  });

  it('discards an over-long line up to its newline, counted once, and reads the next line', () => {
    const p = scpmSerial1.createParser();
    const outs: ParseOutput[] = [];
    for (let i = 0; i < 50; i++) {
      outs.push(...p.push(Buffer.alloc(100, 0x41)));
      expect(p.buffered()).toBeLessThanOrEqual(scpmSerial1.maxBuffered);
    }
    outs.push(...p.push(Buffer.from('AAAA\nG pull\n')));
    expect(reasons(outs)).toEqual(['line-too-long']);
    expect(events(outs)).toEqual([{ kind: 'gesture', slug: 'pull' }]);
    expect(outs.reduce((n, o) => n + o.bytes, 0)).toBe(5000 + 5 + 7);
    const rejected = outs.find((o) => o.type === 'rejected');
    expect(rejected?.type === 'rejected' && rejected.raw.length).toBeLessThanOrEqual(48);
  });

  it('forgets a partial line on reset (a reconnect starts afresh)', () => {
    const p = scpmSerial1.createParser();
    p.push(Buffer.from('G swi'));
    p.reset();
    expect(p.buffered()).toBe(0);
    expect(events(p.push(Buffer.from('G pull\n')))).toEqual([{ kind: 'gesture', slug: 'pull' }]);
  });
});
