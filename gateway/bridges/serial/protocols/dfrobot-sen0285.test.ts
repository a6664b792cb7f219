import { describe, expect, it } from 'vitest';
import type { ParseOutput } from '../events.js';
import { dfrobotFrame, dfrobotSen0285 } from './dfrobot-sen0285.js';

function parse(...chunks: Buffer[]): ParseOutput[] {
  const p = dfrobotSen0285.createParser();
  return chunks.flatMap((c) => p.push(c));
}
const events = (outs: ParseOutput[]) => outs.flatMap((o) => (o.type === 'frame' ? o.events : []));
const rejected = (outs: ParseOutput[]) => outs.flatMap((o) => (o.type === 'rejected' ? [[o.reason, o.bytes] as const] : []));

describe('dfrobot-sen0285 parser (DFRobot_Gesture_Touch frames)', () => {
  it('maps the seven gesture events as issue #18 says', () => {
    // DFGT_EVT_RIGHT, LEFT, BACK, FORWARD, PULLUP, PULLDOWN, PULLREMOVE
    const outs = parse(Buffer.concat([1, 2, 3, 4, 5, 6, 7].map(dfrobotFrame)));
    expect(rejected(outs)).toEqual([]);
    expect(events(outs).map((e) => (e.kind === 'gesture' ? e.slug : e.kind))).toEqual(['swipe-right', 'swipe-left', 'swipe-down', 'swipe-up', 'pull', 'push', 'withdraw']);
  });

  it('gives a touch on pads 1-5 as a down and an up', () => {
    const outs = parse(Buffer.concat([0x21, 0x22, 0x23, 0x24, 0x25].map(dfrobotFrame)));
    expect(events(outs)).toEqual([1, 2, 3, 4, 5].flatMap((pad) => [{ kind: 'pad', pad, edge: 'down' }, { kind: 'pad', pad, edge: 'up' }]));
  });

  it('is the frame layout of the library: 0xAA, data, 0xFF - data, 0x55', () => {
    expect([...dfrobotFrame(0x02)]).toEqual([0xaa, 0x02, 0xfd, 0x55]);
  });

  it('reassembles a frame split byte by byte', () => {
    const p = dfrobotSen0285.createParser();
    const outs = [...dfrobotFrame(0x04)].flatMap((b) => p.push(Buffer.from([b])));
    expect(events(outs)).toEqual([{ kind: 'gesture', slug: 'swipe-up' }]);
  });

  it('counts garbage and resynchronises on the next header', () => {
    const outs = parse(Buffer.from([0x00, 0x13, 0x55, 0xff]), dfrobotFrame(0x02));
    expect(rejected(outs)).toEqual([['garbage', 4]]);
    expect(events(outs)).toEqual([{ kind: 'gesture', slug: 'swipe-left' }]);
  });

  it('counts a checksum error and keeps the next frame', () => {
    const outs = parse(Buffer.from([0xaa, 0x02, 0xfe, 0x55]), dfrobotFrame(0x01));
    expect(rejected(outs)).toEqual([['checksum', 4]]);
    expect(events(outs)).toEqual([{ kind: 'gesture', slug: 'swipe-right' }]);
  });

  it('counts a truncated frame (a header without its end byte) and finds the real frame behind it', () => {
    const outs = parse(Buffer.from([0xaa, 0x02]), dfrobotFrame(0x07));
    expect(rejected(outs)).toEqual([['frame-length', 1], ['garbage', 1]]);
    expect(events(outs)).toEqual([{ kind: 'gesture', slug: 'withdraw' }]);
  });

  it('rejects an event code the library does not define', () => {
    expect(rejected(parse(dfrobotFrame(0x08), dfrobotFrame(0x26)))).toEqual([['unknown-event', 4], ['unknown-event', 4]]);
  });

  it('holds at most 3 bytes of a started frame', () => {
    const p = dfrobotSen0285.createParser();
    p.push(Buffer.from([0xaa, 0x02, 0xfd]));
    expect(p.buffered()).toBe(3);
    p.reset();
    expect(p.buffered()).toBe(0);
  });
});
