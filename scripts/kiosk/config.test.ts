import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, kioskSettingsSchema, parseSettingsFile, readKioskSettings } from './config.js';
import { REPO_ROOT } from '../rig/repo.js';

describe('kiosk settings from the office config', () => {
  it('takes the language, the wall URL and the kiosk section', () => {
    const s = readKioskSettings('office: { id: a, language: ko }\nhttp: { host: 0.0.0.0, port: 8181 }\nkiosk: { scaleFactor: 2, rotate: 90, heartbeatTimeoutSeconds: 45, screen: lobby }\n');
    expect(s).toEqual({
      version: 1, wallUrl: 'http://127.0.0.1:8181/', healthUrl: 'http://127.0.0.1:8181/healthz', language: 'ko',
      screen: 'lobby', scaleFactor: 2, rotate: 90, heartbeatTimeoutMs: 45_000, problems: [],
    });
  });

  it('the demo config gives the defaults: English, 127.0.0.1:8080, scale 1, 30 s', () => {
    const s = readKioskSettings(readFileSync(join(REPO_ROOT, 'device-configs', 'demo.yaml'), 'utf8'));
    expect(s).toEqual({ ...DEFAULT_SETTINGS });
    expect(s.heartbeatTimeoutMs).toBe(30_000);
  });

  it('a listener on another host is the wall; IPv6 is bracketed', () => {
    expect(readKioskSettings('http: { host: 192.0.2.7, port: 80 }').wallUrl).toBe('http://192.0.2.7:80/');
    expect(readKioskSettings('http: { host: "::1" }').wallUrl).toBe('http://[::1]:8080/');
  });

  it('falls back to defaults with a reason for every bad value, never failing', () => {
    const s = readKioskSettings('office: { language: fr }\nhttp: { port: 99999 }\nkiosk: { scaleFactor: 9, bogus: 1 }\n', 'office.yaml');
    expect(s.language).toBe('en');
    expect(s.wallUrl).toBe('http://127.0.0.1:8080/');
    expect(s.scaleFactor).toBe(1);
    expect(s.problems.join('\n')).toMatch(/office.language/);
    expect(s.problems.join('\n')).toMatch(/http.port/);
    expect(s.problems.join('\n')).toMatch(/kiosk.scaleFactor/);
    expect(s.problems.join('\n')).toMatch(/bogus/);
    expect(readKioskSettings(null).problems).toHaveLength(1);
    expect(readKioskSettings('office: [').problems[0]).toMatch(/not valid YAML/);
  });

  it('any text at all gives valid settings', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string().map((t) => `kiosk: ${t}\nhttp: { port: ${t} }`)), (text) => kioskSettingsSchema.safeParse(readKioskSettings(text)).success));
  });

  it('a YAML alias bomb is refused, not expanded', () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`)].join('\n');
    const s = readKioskSettings(bomb);
    expect(kioskSettingsSchema.safeParse(s).success).toBe(true);
  });

  it('a settings file is checked again when read; unusable means defaults with a reason', () => {
    const good = readKioskSettings('office: { language: ko }');
    expect(parseSettingsFile(JSON.stringify(good))).toEqual({ settings: good, problem: null });
    expect(parseSettingsFile(null).settings).toEqual(DEFAULT_SETTINGS);
    expect(parseSettingsFile('{').problem).toMatch(/not JSON/);
    expect(parseSettingsFile(JSON.stringify({ ...good, wallUrl: 'not a url' })).problem).toMatch(/wallUrl/);
  });
});
