import { describe, expect, it } from 'vitest';
import { errnoCode, errnoText } from './errno.js';

const withCode = (message: string, code?: string) => Object.assign(new Error(message), code === undefined ? {} : { code });

describe('errnoText', () => {
  it('says the code once, whether the message starts with it, carries it, or lacks it', () => {
    expect(errnoText(withCode("EEXIST: file already exists, mkdir '/etc/passwd'", 'EEXIST'))).toBe("EEXIST: file already exists, mkdir '/etc/passwd'");
    expect(errnoText(withCode('getaddrinfo ENOTFOUND not a host', 'ENOTFOUND'))).toBe('getaddrinfo ENOTFOUND not a host');
    expect(errnoText(withCode('unable to open database file', 'SQLITE_CANTOPEN'))).toBe('SQLITE_CANTOPEN: unable to open database file');
  });

  it('falls back to "error" for anything without a code', () => {
    expect(errnoCode(withCode('boom'))).toBe('error');
    expect(errnoCode(null)).toBe('error');
    expect(errnoText('a string')).toBe('error: a string');
  });
});
