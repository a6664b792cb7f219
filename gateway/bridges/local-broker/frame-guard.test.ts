import { describe, it, expect } from 'vitest';
import { FrameGuard } from './frame-guard.js';

// MQTT framing written out by hand (mqtt-packet is not a direct dependency).
function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return out;
}

function publish(payloadBytes: number, topic = 'office/demo/devices/tablet-1/x', fill = 0x61): Buffer {
  const t = Buffer.from(topic);
  const remaining = 2 + t.length + payloadBytes;
  return Buffer.concat([Buffer.from([0x30, ...varint(remaining), t.length >> 8, t.length & 0xff]), t, Buffer.alloc(payloadBytes, fill)]);
}

const PINGREQ = Buffer.from([0xc0, 0x00]);

describe('FrameGuard', () => {
  it('accepts packets up to the limit, whole or split byte by byte', () => {
    const ok = Buffer.concat([
      PINGREQ,
      publish(100),
      publish(0),
      publish(200 - 2 - 'office/demo/devices/tablet-1/x'.length),
    ]);
    expect(new FrameGuard(200).feed(Buffer.concat([ok, publish(10)]))).toBe(true);
    const split = new FrameGuard(200);
    const all = Buffer.concat([PINGREQ, publish(150), publish(3)]);
    for (const byte of all) expect(split.feed(Buffer.from([byte]))).toBe(true);
  });

  it('refuses a packet whose declared length exceeds the limit, before its body arrives', () => {
    const guard = new FrameGuard(64 * 1024);
    expect(guard.feed(publish(100))).toBe(true);
    const big = publish(64 * 1024 + 10);
    // Only the fixed header (type + 3 length bytes) is needed to refuse it.
    expect(guard.feed(big.subarray(0, 4))).toBe(false);
    // And it stays refused.
    expect(guard.feed(publish(1))).toBe(false);
  });

  it('refuses a packet one byte over and accepts one exactly at the limit', () => {
    const topic = 'a/b';
    const atLimit = publish(100 - 2 - topic.length, topic); // remaining length = 100
    expect(new FrameGuard(100).feed(atLimit)).toBe(true);
    expect(new FrameGuard(99).feed(atLimit)).toBe(false);
  });

  it('refuses a length field longer than four bytes', () => {
    expect(new FrameGuard(Number.MAX_SAFE_INTEGER).feed(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]))).toBe(false);
  });

  it('follows packet boundaries across chunks (a body byte is never read as a header)', () => {
    const guard = new FrameGuard(300);
    // A body full of 0xff would look like a huge length if misread as a header.
    const body = publish(250, 't', 0xff);
    expect(guard.feed(body.subarray(0, 7))).toBe(true);
    expect(guard.feed(body.subarray(7, 100))).toBe(true);
    expect(guard.feed(Buffer.concat([body.subarray(100), body]))).toBe(true);
  });
});
