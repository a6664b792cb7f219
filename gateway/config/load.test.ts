import { describe, it, expect, onTestFinished } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { configWarnings, loadConfig, parseConfig } from './load.js';
import { envTable } from './env.js';
import { BRIDGES } from '../bridges/index.js';
import { configSchema } from './schema.js';
import { connectOptions } from '../bridges/upstream/mqtt-options.js';
import { configProblems } from './test-problems.js';

const problems = (text: string, env: Record<string, string> = {}) => configProblems(text, 'office.yaml', env);

describe('config', () => {
  it('loads the demo config in demo mode with defaults filled in', () => {
    const c = loadConfig('device-configs/demo.yaml', {});
    expect(c.office.id).toBe('demo');
    expect(c.demo.active).toBe(true);
    expect(c.upstream.clientId).toBe('scpm-edge-demo');
    expect(c.http).toEqual({ host: '127.0.0.1', port: 8080, maxConnections: 2048, headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5000, maxBodyBytes: 256 * 1024 });
  });

  it('lists every problem at once as file: key: expected, found', () => {
    const lines = problems(`office: { id: "bad id!" }\nhttp: { port: 99999 }\nupstream: { url: "http://x", protocolVersion: 3 }\nstore: { maxSizeMb: "big" }\nlogging: { levle: info }\n`);
    expect(lines).toHaveLength(6);
    expect(lines).toContain('office.yaml: office.id: expected a slug of letters, digits, "-", "_" or "." (1-64 chars), found "bad id!" (text)');
    expect(lines.some((l) => l.startsWith('office.yaml: http.port: expected a value ≤ 65535, found 99999'))).toBe(true);
    expect(lines.some((l) => l.startsWith('office.yaml: upstream.url: expected an mqtt:// or mqtts:// URL'))).toBe(true);
    expect(lines).toContain('office.yaml: upstream.protocolVersion: expected one of 4, 5, found 3 (number)');
    expect(lines).toContain('office.yaml: store.maxSizeMb: expected a number, found "big" (text)');
    expect(lines.some((l) => l.includes('logging: unknown key "levle"'))).toBe(true);
  });

  it('names a YAML syntax error with its line', () => {
    expect(problems('office:\n  id: [unclosed\n')[0]).toMatch(/^office\.yaml: line \d+, column \d+: /);
  });

  it('applies the environment overrides by their exact names', () => {
    const c = parseConfig('office: { id: a }\n', 'o.yaml', {
      SCPM_HTTP_HOST: '0.0.0.0', SCPM_HTTP_PORT: '9090', SCPM_DATA_DIR: '/var/lib/scpm', SCPM_UPSTREAM_URL: 'mqtts://city:8883',
      SCPM_LOCAL_BROKER_PORT: '0', SCPM_OFFICE_ID: 'mayor', SCPM_API_TOKEN: 'a-long-api-token-value',
    });
    expect(c.http).toMatchObject({ host: '0.0.0.0', port: 9090 });
    expect(c.dataDir).toBe('/var/lib/scpm');
    expect(c.upstream.url).toBe('mqtts://city:8883');
    expect(c.demo.active).toBe(false);
    expect(c.localBroker.port).toBe(0);
    expect(c.office.id).toBe('mayor');
    expect(c.auth.apiToken).toBe('a-long-api-token-value');
    expect(problems('office: { id: a }\n', { SCPM_HTTP_PORT: 'eighty' })).toEqual(['environment: SCPM_HTTP_PORT (http.port): expected a whole number, found "eighty"; set it to digits only, or unset it to use the file\'s value']);
  });

  it('names the variable, not the file, for a bad value an override set', () => {
    expect(problems('office: { id: a }\n', { SCPM_PUBLIC_PORT: '70000', SCPM_OFFICE_ID: '../../x' })).toEqual([
      'environment: SCPM_OFFICE_ID (office.id): expected a slug of letters, digits, "-", "_" or "." (1-64 chars), found "../../x" (text)',
      'environment: SCPM_PUBLIC_PORT (display.publicPort): expected a value ≤ 65535, found 70000 (number)',
    ]);
    // A secret's check after it is resolved, and a broker URL's password still hidden.
    expect(problems('office: { id: a }\n', { SCPM_API_TOKEN: 'short', SCPM_UPSTREAM_URL: 'mqtt://u:pw@h:99999' })).toEqual([
      'environment: SCPM_UPSTREAM_URL (upstream.url): expected an mqtt:// or mqtts:// URL with a port from 1 to 65535, found "mqtt://u:***@h:99999" (text)',
    ]);
    expect(problems('office: { id: a }\n', { SCPM_API_TOKEN: 'short' })).toEqual(['environment: SCPM_API_TOKEN (auth.apiToken): expected at least 16 characters, found 5']);
    // The same key in the file, without the override, is the file's.
    expect(problems('office: { id: a }\ndisplay: { publicPort: 70000 }\n')).toEqual(['office.yaml: display.publicPort: expected a value ≤ 65535, found 70000 (number)']);
    // Other keys keep the file's name beside an override's problem.
    expect(problems('office: { id: a }\nhttp: { port: 99999 }\n', { SCPM_LOG_LEVEL: 'loud' })).toEqual([
      'office.yaml: http.port: expected a value ≤ 65535, found 99999 (number)',
      'environment: SCPM_LOG_LEVEL (logging.level): expected one of "fatal", "error", "warn", "info", "debug", "trace", found "loud" (text)',
    ]);
  });

  it('keeps every problem on one line and cut short: a value or key with a newline cannot forge a line', () => {
    const long = 'x'.repeat(300);
    expect(problems('office: { id: a }\n', { SCPM_HTTP_PORT: `${long}\noffice.yaml: ok` })).toEqual([
      `environment: SCPM_HTTP_PORT (http.port): expected a whole number, found "${'x'.repeat(57)}..."; set it to digits only, or unset it to use the file's value`,
    ]);
    expect(problems('office: { id: a }\n', { SCPM_OFFICE_ID: 'a\nb' })).toEqual([
      'environment: SCPM_OFFICE_ID (office.id): expected a slug of letters, digits, "-", "_" or "." (1-64 chars), found "a\\nb" (text)',
    ]);
    const lines = problems('office: { id: a }\n"bad\\nkey": 1\nhttp: { "p\\u0000rt": 1 }\n');
    expect(lines).toEqual([
      'office.yaml: http: unknown key "p\\u0000rt" (check the spelling; see device-configs/schema.json)',
      'office.yaml: (top level): unknown key "bad\\nkey" (check the spelling; see device-configs/schema.json)',
    ]);
    // eslint-disable-next-line no-control-regex -- no control character may be left in a line
    for (const l of lines) expect(l).not.toMatch(/[\u0000-\u001f]/);
  });

  it('asks for some text or one item where one is the least (not "at least 1 characters")', () => {
    expect(problems('office: { id: a }\ndisplay: { screens: [] }\n')).toEqual(['office.yaml: display.screens: expected at least one item, found a list of 0']);
    expect(problems('office: { id: a }\nupstream: { url: "mqtts://h", tls: { cert: "" } }\n')).toEqual(['office.yaml: upstream.tls.cert: expected some text, found "" (text)']);
  });

  it('resolves secrets from the environment and from files, and reports missing ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scpm-cfg-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'pw'), 'file-secret\n');
    const text = 'office: { id: a }\nupstream: { url: "mqtt://h", password: { file: pw } }\nauth: { apiToken: { env: TOKEN_VAR } }\n';
    writeFileSync(join(dir, 'o.yaml'), text);
    const c = loadConfig(join(dir, 'o.yaml'), { TOKEN_VAR: 'env-secret-0123456789' });
    expect(c.upstream.password).toBe('file-secret');
    expect(c.auth.apiToken).toBe('env-secret-0123456789');
    const lines = problems(text.replace('{ file: pw }', '{ file: /nonexistent/pw }'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('upstream.password: expected a readable secret file at /nonexistent/pw, found none (no such file or directory); check the path');
    expect(lines[1]).toContain('auth.apiToken: expected the environment variable TOKEN_VAR to be set');
  });

  it('refuses tokens and device passwords shorter than 16 characters, naming each, never quoting them', () => {
    const text = 'office: { id: a }\nauth: { apiToken: short-token, deviceTokens: [{ id: t, token: "0123456789abcde" }] }\n' +
      'localBroker: { devices: [{ id: d1, username: u1, password: pw-15-chars-xyz }, { id: d2, username: u2, password: "0123456789abcdef" }, { id: d3, username: u3, password: { env: DEV_PW } }] }\n';
    const lines = problems(text, { DEV_PW: 'tiny' });
    expect(lines).toEqual([
      'office.yaml: auth.apiToken: expected at least 16 characters, found 11',
      'office.yaml: auth.deviceTokens[0].token: expected at least 16 characters, found 15',
      'office.yaml: localBroker.devices[0].password: expected at least 16 characters, found 15',
      'office.yaml: localBroker.devices[2].password: expected at least 16 characters, found 4',
    ]);
    for (const secret of ['short-token', 'pw-15-chars-xyz', 'tiny']) expect(lines.join('\n')).not.toContain(secret);
    expect(() => parseConfig(text.replace('short-token', 'a-token-of-20-chars!').replace('0123456789abcde"', '0123456789abcdef"').replace('pw-15-chars-xyz', 'pw-16-chars-xyz!'), 'office.yaml', { DEV_PW: 'long-enough-password' })).not.toThrow();
  });

  it('device-configs/schema.json is derived from the zod schema (run npm run schema)', () => {
    const onDisk = JSON.parse(readFileSync('device-configs/schema.json', 'utf8')) as Record<string, unknown>;
    const derived = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    expect(onDisk.properties).toEqual(derived.properties);
  });
});

describe('config warnings and the environment table', () => {
  it('lists warnings without refusing the file', () => {
    const c = parseConfig('office: { id: a }\nupstream: { url: "mqtt://city.example:1883", password: "p" }\nlocalBroker: { port: 0, devices: [{ id: t1, username: t1, password: "a-long-device-password" }] }\n', 'office.yaml', {});
    expect(configWarnings(c)).toEqual([
      'office.yaml: warning: localBroker.port: is 0, so the 1 configured device cannot connect (set a port, e.g. 1883)',
      'office.yaml: warning: upstream.url: mqtt:// sends the password in clear text over the network; use mqtts:// with upstream.tls',
    ]);
    expect(configWarnings(parseConfig('office: { id: a }\n', 'office.yaml', {}))).toEqual([]);
  });

  it('cross-field rules are listed with the other problems', () => {
    const lines = problems('office: { id: a }\nupstream: { reconnectMinMs: 5000, reconnectMaxMs: 2000 }\nlocalBroker: { devices: [{ id: a, username: u, password: "0123456789abcdef" }, { id: b, username: u, password: "0123456789abcdef" }] }\nhttp: { port: -1 }\n');
    expect(lines).toContain('office.yaml: upstream.reconnectMaxMs: expected a value ≥ upstream.reconnectMinMs (5000), found 2000 (number)');
    expect(lines).toContain('office.yaml: localBroker.devices[1].username: expected a unique username (devices[0] has it too), found "u" (text)');
    expect(lines.some((l) => l.startsWith('office.yaml: http.port: '))).toBe(true);
  });

  it('every environment override of the table is in the README, and the README names no other', () => {
    const readme = readFileSync('README.md', 'utf8');
    const names = envTable(BRIDGES).map((e) => e.name);
    for (const n of names) expect(readme, n).toContain(`\`${n}\``);
    const section = readme.slice(readme.indexOf('**Environment overrides**'), readme.indexOf('\n\n', readme.indexOf('**Environment overrides**')));
    const listed = [...section.matchAll(/`(SCPM_[A-Z_]+)`/g)].map((m) => m[1]).filter((n) => n !== 'SCPM_CONFIG');
    expect(listed.sort()).toEqual([...names].sort());
  });
});

// A URL that would only fail at connect time is a config problem: the link
// used to restart with backoff for ever on "mqtt://city:99999".
describe('upstream.url', () => {
  it('refuses a port out of range, a missing host and a path, with the reason', () => {
    expect(problems('office: { id: a }\nupstream: { url: "mqtt://city.example:99999" }\n')).toEqual([
      'office.yaml: upstream.url: expected an mqtt:// or mqtts:// URL with a port from 1 to 65535, found "mqtt://city.example:99999" (text)',
    ]);
    expect(problems('office: { id: a }\nupstream: { url: "mqtt://[::1" }\n')).toEqual([
      'office.yaml: upstream.url: expected an mqtt:// or mqtts:// URL (mqtt://host:port, no spaces), found "mqtt://[::1" (text)',
    ]);
    expect(problems('office: { id: a }\nupstream: { url: "mqtts://city.example/scpm?clientId=x" }\n')).toHaveLength(1);
    expect(problems('office: { id: a }\nupstream: { url: "ftp://city.example" }\n')).toEqual([
      'office.yaml: upstream.url: expected an mqtt:// or mqtts:// URL, found "ftp://city.example" (text)',
    ]);
    expect(problems('office: { id: a }\nupstream: { url: "mqtt://[::1]:1884" }\n')).toEqual([]);
  });

  it('warns of a clear-text password in the URL as in upstream.password', () => {
    const c = parseConfig('office: { id: a }\nupstream: { url: "mqtt://edge:pw@city.example" }\n', 'office.yaml', {});
    expect(configWarnings(c)).toContain('office.yaml: warning: upstream.url: mqtt:// sends the password in clear text over the network; use mqtts:// with upstream.tls');
    const local = parseConfig('office: { id: a }\nupstream: { url: "mqtt://edge:pw@localhost:1883" }\n', 'office.yaml', {});
    expect(configWarnings(local)).toEqual([]);
  });
});

// A TLS file the link cannot read fails the link at every retry: check-config
// and the setup page say so before, naming the key and the file.
describe('upstream.tls files', () => {
  const warn = (tls: string, url = 'mqtts://city.example') => configWarnings(parseConfig(`office: { id: a }\nupstream: { url: "${url}", tls: ${tls} }\n`, 'office.yaml', {}));
  it('warns of a file that cannot be read, and of files an mqtt:// URL does not use', () => {
    expect(warn('{ ca: /nonexistent/ca.pem, cert: /tmp, key: ' + join(process.cwd(), 'package.json') + ' }')).toEqual([
      'office.yaml: warning: upstream.tls.ca: cannot read /nonexistent/ca.pem (ENOENT); the city link fails until it can',
      'office.yaml: warning: upstream.tls.cert: cannot read /tmp (not a regular file); the city link fails until it can',
    ]);
    // Never read to its end: a device, or a file far larger than any PEM bundle.
    const big = join(mkdtempSync(join(tmpdir(), 'scpm-tls-')), 'big.pem');
    onTestFinished(() => rmSync(dirname(big), { recursive: true, force: true }));
    writeFileSync(big, Buffer.alloc(2 * 1024 * 1024, 65));
    expect(warn(`{ ca: /dev/zero, cert: ${big} }`)).toEqual([
      'office.yaml: warning: upstream.tls.ca: cannot read /dev/zero (not a regular file); the city link fails until it can',
      `office.yaml: warning: upstream.tls.cert: cannot read ${big} (larger than 1024 KiB); the city link fails until it can`,
    ]);
    expect(warn('{ ca: /nonexistent/ca.pem }', 'mqtt://city.example')).toEqual([
      'office.yaml: warning: upstream.tls: set, but upstream.url is mqtt://, so the files are not used; use mqtts://',
    ]);
  });

  it('names the key and the file when the link meets one it cannot read', () => {
    const c = parseConfig('office: { id: a }\nupstream: { url: "mqtts://city.example", tls: { ca: /nonexistent/ca.pem } }\n', 'office.yaml', {});
    expect(() => connectOptions(c.upstream, 'a', { url: 'mqtts://city.example', protocolVersion: 5 }, 1000)).toThrow('upstream.tls.ca: cannot read /nonexistent/ca.pem (ENOENT)');
  });
});

// zod's type names read as a technician would say them.
describe('config problems name a wrong type', () => {
  it('names a wrong type in plain words', () => {
    expect(problems('office: { id: a }\nhttp: { port: "80" }\nlogging: [1]\nserial: { devices: {} }\ndemo: { simulator: "yes" }\n').sort()).toEqual([
      'office.yaml: demo.simulator: expected true or false, found "yes" (text)',
      'office.yaml: http.port: expected a number, found "80" (text)',
      'office.yaml: logging: expected a mapping, found a list of 1',
      'office.yaml: serial.devices: expected a list, found a mapping',
    ]);
  });

});

// Problems are printed, logged and shown on the wall's safe-mode page.
describe('config problems never echo a secret', () => {
  it('keeps a URL\'s user name and hides its password', () => {
    const lines = problems('office: { id: a }\nupstream: { url: "mqtt://edge:s3cr%40t@city.example:99999" }\n'
      + 'cameras:\n  devices:\n    - { id: c1, name: { en: A, ko: A }, district: "11110", location: { lat: 37.5, lon: 127 }, url: "http://admin:hunter2@10.0.0.5/stream" }\n');
    expect(lines).toEqual([
      'office.yaml: upstream.url: expected an mqtt:// or mqtts:// URL with a port from 1 to 65535, found "mqtt://edge:***@city.example:99999" (text)',
      'office.yaml: cameras.devices[0].url: expected an rtsp:// or rtsps:// URL (no spaces), or { env: VAR } / { file: path }, found "http://admin:***@10.0.0.5/stream" (text)',
    ]);
  });

  it('does not show a value under a key named like a secret', () => {
    const lines = problems('office: { id: a }\nupstream: { url: "mqtts://city.example", password: 123456 }\nauth: { apiToken: 987654 }\n');
    expect(lines.join('\n')).not.toMatch(/123456|987654/);
    expect(lines).toContain('office.yaml: upstream.password: expected text, {env: VAR_NAME} or {file: /path}, found a number (not shown: a secret)');
    expect(lines.some((l) => l.startsWith('office.yaml: auth.apiToken: ') && l.endsWith('found a number (not shown: a secret)'))).toBe(true);
  });
});

// An office time zone Intl does not know is a config problem (check-config
// names it), not a 500 on every page that shows a time.
describe('office.timezone', () => {
  it('accepts IANA zones and defaults to Asia/Seoul', () => {
    expect(problems('office: { id: demo, timezone: Europe/Berlin }\n')).toEqual([]);
    expect(parseConfig('office: { id: demo }\n', 'office.yaml', {}).office.timezone).toBe('Asia/Seoul');
  });

  it('refuses a zone Intl does not know, with the key and the value', () => {
    expect(problems('office: { id: demo, timezone: Mars/Olympus }\n')).toEqual([
      'office.yaml: office.timezone: expected an IANA time zone such as Asia/Seoul, found "Mars/Olympus" (text)',
    ]);
    // Node 24's Intl takes an offset, Node 20's does not: refused on both.
    expect(problems('office: { id: demo, timezone: "+09:00" }\n')).toEqual([
      'office.yaml: office.timezone: expected an IANA time zone such as Asia/Seoul, found "+09:00" (text)',
    ]);
    expect(problems('office: { id: demo, timezone: "-05:00" }\n')).toHaveLength(1);
  });
});

// The office microphone's keys: a device name goes to arecord's argv, the keyphrase to the engine.
describe('voice: the microphone', () => {
  it('takes an ALSA device, a keyphrase of words and a threshold; defaults to no microphone', () => {
    expect(problems('office: { id: demo }\nvoice: { device: "plughw:CARD=Array,DEV=0", keyphrase: "hello city hall", keyphraseThreshold: 1.0e-40 }\n')).toEqual([]);
    const c = parseConfig('office: { id: demo }\n', 'office.yaml', {});
    expect(c.voice).toMatchObject({ device: null, keyphrase: null, keyphraseThreshold: 1e-40, listenSeconds: 6, screen: 'wall' });
  });

  it('refuses every bad value at once, each naming its key and what was found', () => {
    const lines = problems('office: { id: demo }\nvoice: { device: "hw:1; rm -rf /", keyphrase: "ok 2", keyphraseThreshold: 5, listenSeconds: 0 }\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('office.yaml: voice.device: expected an ALSA device name such as hw:1, plughw:CARD=Array,DEV=0 or default, found "hw:1; rm -rf /" (text)');
    expect(lines.some((l) => /^office\.yaml: voice\.keyphrase: expected English words and spaces only/.test(l))).toBe(true);
    expect(lines.some((l) => /^office\.yaml: voice\.keyphraseThreshold: .*found 5/.test(l))).toBe(true);
    expect(lines.some((l) => /^office\.yaml: voice\.listenSeconds: .*found 0/.test(l))).toBe(true);
  });
});

// Words the dictionary lacks (a camera's or a street's name), in the model's phones: they go into the engine's dictionary file.
describe('voice: a site\'s pronunciations', () => {
  it('takes words with one to four pronunciations each; defaults to none', () => {
    expect(problems('office: { id: demo }\nvoice:\n  pronunciations:\n    seolleung: ["S AH L L UH NG", " S EH L EH NG "]\n    o\'hare: ["OW HH EH R"]\n')).toEqual([]);
    expect(parseConfig('office: { id: demo }\n', 'office.yaml', {}).voice.pronunciations).toEqual({});
  });

  it('refuses each bad word and pronunciation, naming its key and what was found', () => {
    const long = Array.from({ length: 100 }, () => 'AA').join(' ');
    const lines = problems(`office: { id: demo }\nvoice:\n  pronunciations:\n    Seolleung: ["S AH L"]\n    eulji: ["ul ji", "AH L JH IY\\nhello HH AH L OW"]\n    empty: []\n    long: ["${long}"]\n`);
    expect(lines).toHaveLength(5);
    expect(lines.some((l) => l.startsWith('office.yaml: voice.pronunciations.long[0]: expected at most 200 characters'))).toBe(true);
    expect(lines).toContain('office.yaml: voice.pronunciations.Seolleung: expected a word in lower case, as the commands spell it (letters, and \' inside), found the key "Seolleung"');
    expect(lines).toContain(`office.yaml: voice.pronunciations.eulji[0]: expected the en-us model's phones, in capitals, one space apart (AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z ZH), e.g. "S AH L L UH NG", found "ul ji" (text)`);
    expect(lines.some((l) => l.startsWith('office.yaml: voice.pronunciations.eulji[1]: expected the en-us model\'s phones'))).toBe(true);
    expect(lines.some((l) => l.startsWith('office.yaml: voice.pronunciations.empty: expected at least one item'))).toBe(true);
  });

  it('says "a mapping" for a list or text in its place, and cuts a pasted blob of a key to 60 characters', () => {
    expect(problems('office: { id: demo }\nvoice: { pronunciations: "S AH" }\n')).toEqual(['office.yaml: voice.pronunciations: expected a mapping, found "S AH" (text)']);
    const blob = 'a'.repeat(100_000);
    const [line] = problems(`office: { id: demo }\nvoice: { pronunciations: { ${blob}: ["AA"] } }\n`);
    expect(line).toBe(`office.yaml: voice.pronunciations.${'a'.repeat(57)}...: expected a word in lower case, as the commands spell it (letters, and ' inside), found the key "${'a'.repeat(57)}..."`);
  });

  it('takes at most 200 words', () => {
    const many = Array.from({ length: 201 }, (_, i) => `    w${'abcdefghij'[i % 10]}${'abcdefghij'[Math.floor(i / 10) % 10]}${'abc'[Math.floor(i / 100)]}: ["AA"]`).join('\n');
    expect(problems(`office: { id: demo }\nvoice:\n  pronunciations:\n${many}\n`)).toEqual([expect.stringMatching(/^office\.yaml: voice\.pronunciations: .*at most 200 words/)]);
  });
});
