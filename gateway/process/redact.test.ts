import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor } from './redact.js';

describe('createRedactor', () => {
  it('removes the given secrets, their URL-encoded forms, and URL credentials of any scheme', () => {
    const redact = createRedactor(['hunter2', 's3cr3t/']);
    expect(redact('rtsp://admin:hunter2@10.0.0.5:554/stream: Connection refused')).toBe('rtsp://[redacted]@10.0.0.5:554/stream: Connection refused');
    expect(redact('password hunter2 rejected')).toBe('password [redacted] rejected');
    expect(redact('url rtsp://cam/x?p=s3cr3t%2F')).toBe('url rtsp://cam/x?p=[redacted]');
    expect(redact('mqtt://user:p@ss@broker:1883 and http://a:b@c/')).toBe('mqtt://[redacted]@broker:1883 and http://[redacted]@c/');
    expect(redact('plain http://host:8080/path')).toBe('plain http://host:8080/path');
  });

  it('removes the start of a secret or of URL credentials left at the end of a cut line', () => {
    const redact = createRedactor(['hunter2']);
    expect(redact('auth with hunt', true)).toBe('auth with [redacted]');
    expect(redact('opening rtsp://admin:hun', true)).toBe('opening rtsp://[redacted]');
  });

  it('never lets a secret through, wherever it sits in a line (property)', () => {
    const secretArb = fc.string({ minLength: 4, maxLength: 12, unit: fc.constantFrom(...'abcXYZ019@:/%'.split('')) });
    const textArb = fc.string({ maxLength: 60, unit: fc.constantFrom(...'ab :/@-.?#\t'.split('')) });
    fc.assert(
      fc.property(secretArb, textArb, textArb, (secret, before, after) => {
        const redact = createRedactor([secret]);
        const out = redact(`${before}${secret}${after}`);
        expect(out.includes(secret)).toBe(false);
      }),
    );
  });

  it('leaves no user:pass@ of a URL, whatever surrounds it (property)', () => {
    const partArb = fc.string({ minLength: 1, maxLength: 10, unit: fc.constantFrom(...'abcQ19._-'.split('')) });
    const textArb = fc.string({ maxLength: 40, unit: fc.constantFrom(...'ab :/-.,'.split('')) });
    fc.assert(
      fc.property(partArb, partArb, textArb, textArb, (user, pass, before, after) => {
        const out = createRedactor()(`${before} rtsp://${user}:${pass}@host/path${after}`);
        expect(out.includes(`${user}:${pass}@`)).toBe(false);
      }),
    );
  });
});
