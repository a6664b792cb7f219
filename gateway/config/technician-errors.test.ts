// The technician's mistakes the loader must name in full: the file, the key
// (or the line and column), what was wrong, and how to fix it, every problem
// at once. Each case here failed one of those before its fix (audit 2026-11-30).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './load.js';
import { configProblems } from './test-problems.js';
import { fileErrorWords, fileFixHint } from './file-errors.js';

const dir = mkdtempSync(join(tmpdir(), 'scpm-tech-errs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function loadProblems(file: string): string[] {
  try {
    loadConfig(file, {});
  } catch (err) {
    if (err instanceof ConfigError) return err.lines;
    throw err;
  }
  return [];
}

describe('a config file that cannot be read', () => {
  it('missing: says so in words and how to point at the right file', () => {
    const file = join(dir, 'nope.yaml');
    expect(loadProblems(file)).toEqual([`${file}: cannot read the file (no such file or directory); check the path, or set SCPM_CONFIG / pass the path of the office YAML`]);
  });

  it('a directory: says it is one and to give the file inside it', () => {
    const folder = join(dir, 'conf.d');
    mkdirSync(folder);
    expect(loadProblems(folder)).toEqual([`${folder}: cannot read the file (it is a directory, not a file); give the path of the config file itself, not of its folder`]);
  });

  it('not readable by this user: names the user and the fix (errno codes are not words)', () => {
    const eacces = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    expect(fileErrorWords(eacces)).toMatch(/^permission denied for the user this runs as \(.+\)$/);
    expect(fileFixHint(eacces, 'the config file')).toBe('make the config file readable by that user (chown or chmod), or run this as a user who can read it');
  });
});

describe('YAML syntax errors', () => {
  it('give the line and column once, and a fix for tabs and unclosed brackets', () => {
    expect(configProblems('office:\n  id: o1\n  bad: [1, 2\nhttp:\n\tport: 3\n')).toEqual([
      'office.yaml: line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]; indent it under its parent with spaces, as the lines around it are',
      'office.yaml: line 5, column 1: Tabs are not allowed as indentation; indent with spaces, not tabs',
    ]);
  });

  it('a duplicate key is named', () => {
    expect(configProblems('office: { id: o1 }\nhttp: { port: 1 }\noffice: { id: o2 }\n')).toEqual([
      'office.yaml: line 3, column 1: the key "office" is given twice in the same mapping; keep one of them (merge their settings under one key)',
    ]);
    expect(configProblems('office:\n  id: o1\n  "id": o2\n')[0]).toContain('line 3, column 3: the key "id" is given twice');
  });
});

describe('secrets', () => {
  it('an unset variable or a missing secret file is listed with the schema problems, not after they are fixed', () => {
    writeFileSync(join(dir, 'o.yaml'), '');
    const text = 'office: { id: o1 }\nhttp: { port: 99999 }\nupstream: { url: "mqtt://h", password: { file: nosuch.secret } }\nauth: { apiToken: { env: TOKEN_X }, deviceTokens: [{ id: t, token: { env: bad_name } }] }\n';
    const lines = configProblems(text, join(dir, 'o.yaml'));
    expect(lines).toEqual([
      `${join(dir, 'o.yaml')}: http.port: expected a value ≤ 65535, found 99999 (number)`,
      `${join(dir, 'o.yaml')}: auth.deviceTokens[0].token.env: expected an environment variable name (capital letters, digits and _, e.g. SCPM_API_TOKEN), found "bad_name" (text)`,
      `${join(dir, 'o.yaml')}: upstream.password: expected a readable secret file at ${join(dir, 'nosuch.secret')}, found none (no such file or directory); check the path of the secret file ({file: …} is relative to the config file's folder)`,
      `${join(dir, 'o.yaml')}: auth.apiToken: expected the environment variable TOKEN_X to be set, found it unset; export TOKEN_X, or on an installed gateway add a line TOKEN_X=… to /etc/scpm-edge/secrets.env (run check-config there with sudo: only root reads that file)`,
    ]);
  });
});

describe('environment overrides', () => {
  it('a malformed number names the variable, the key it sets, and the fix', () => {
    expect(configProblems('office: { id: o1 }\n', 'office.yaml', { SCPM_PUBLIC_PORT: 'eighty' })).toEqual([
      'environment: SCPM_PUBLIC_PORT (display.publicPort): expected a whole number, found "eighty"; set it to digits only, or unset it to use the file\'s value',
    ]);
  });
});
