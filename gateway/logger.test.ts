import { describe, it, expect } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger, safeUrl } from './logger.js';

describe('logger', () => {
  it('redacts secrets by key and keeps plain URLs readable', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
    const log = createLogger('info', sink);
    log.info({ password: 'hunter2', device: { token: 'tok-123' }, phone: '010-1', url: 'http://127.0.0.1:8080/' }, 'x');
    const out = lines.join('');
    expect(out).not.toMatch(/hunter2|tok-123|010-1/);
    expect(out).toContain('http://127.0.0.1:8080/');
  });

  it('removes credentials and secret query values from URLs', () => {
    expect(safeUrl('mqtts://user:pa55@city.example:8883/?token=abc')).toBe('mqtts://city.example:8883/?token=redacted');
  });
});
