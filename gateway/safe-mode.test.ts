import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { configProblems } from './config/test-problems.js';
import { startSafeMode, type SafeMode } from './safe-mode.js';
import { problemView } from './safe-mode/problems.js';
import { safeModeAddress } from './safe-mode/address.js';

const FILE = '/etc/scpm-edge/office.yaml';
const BAD = `office:
  id: "bad id!"
http:
  port: 99999
upstream:
  url: "http://city.example/broker"
  protocolVersion: 3
  password: 12345678
store:
  maxSizeMb: 1
logging:
  level: loud
displya:
  publicPort: 0
`;

function loaderLines(text = BAD, env: Record<string, string> = {}): string[] {
  const lines = configProblems(text, FILE, env);
  if (lines.length === 0) throw new Error('the config was accepted');
  return lines;
}

const dirs: string[] = [];
const servers: SafeMode[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('problem lines for the safe-mode page', () => {
  it('name the key and say each problem in Korean (not the fallback) and English', () => {
    const views = loaderLines().map((l) => problemView(l, FILE));
    expect(views.map((v) => v.key)).toEqual(expect.arrayContaining(['office.id', 'http.port', 'upstream.url', 'upstream.protocolVersion', 'store.maxSizeMb', 'logging.level', '(top level)']));
    for (const v of views) {
      expect(v.en.length).toBeGreaterThan(0);
      expect(v.ko, v.en).toMatch(/[\uac00-\ud7a3]/);
      expect(v.ko, `${v.key}: ${v.en}`).not.toMatch(/^설정 값에 문제가 있습니다/);
    }
    expect(views.find((v) => v.key === 'http.port')!.ko).toContain('65535 이하');
    expect(views.find((v) => v.key === '(top level)')!.ko).toContain('알 수 없는 키');
  });

  it('say a wrong type in Korean, in the loader\'s words for it', () => {
    const ko = (expected: string) => problemView(`${FILE}: store.maxSizeMb: expected ${expected}, found "big" (text)`, FILE).ko;
    expect(ko('a number')).toBe('숫자 형식이어야 합니다 (현재: "big")');
    expect(ko('a mapping')).toContain('매핑 형식');
    expect(ko('a list')).toContain('목록 형식');
    expect(ko('text')).toContain('문자열 형식');
    expect(ko('true or false')).toContain('참/거짓');
  });

  it('say why a broker URL is refused in Korean too, without its password', () => {
    const ko = (url: string) => problemView(loaderLines(`office: { id: a }\nupstream: { url: "${url}" }\n`)[0]!, FILE);
    expect(ko('mqtt://edge:pw@city.example:99999').ko).toBe('mqtt:// 또는 mqtts:// 주소의 포트는 1~65535여야 합니다 (현재 값: "mqtt://edge:***@city.example:99999")');
    expect(ko('mqtt:///').ko).toContain('호스트 이름이나 IP 주소');
    expect(ko('mqtt://city.example/x').ko).toContain('경로, ?쿼리, #조각');
    expect(ko('ftp://city.example').ko).toBe('mqtt:// 또는 mqtts:// 주소여야 합니다 (현재 값: "ftp://city.example")');
  });

  it('hide the value of a secret-looking key', () => {
    const line = `${FILE}: upstream.password: expected text, {env: VAR_NAME} or {file: /path}, found 12345678 (number)`;
    const v = problemView(line, FILE);
    expect(v.en).not.toContain('12345678');
    expect(v.ko).not.toContain('12345678');
  });

  it('read an environment line and a YAML syntax error', () => {
    expect(problemView('environment: SCPM_HTTP_PORT: expected a whole number, found "eighty"', FILE)).toMatchObject({ key: 'environment: SCPM_HTTP_PORT', ko: expect.stringContaining('정수') });
    const [port] = loaderLines('office: { id: a }\n', { SCPM_PUBLIC_PORT: '70000' });
    expect(problemView(port!, FILE)).toMatchObject({ key: 'environment: SCPM_PUBLIC_PORT (display.publicPort)', ko: '65535 이하의 값이어야 합니다 (현재 값: 70000)' });
    const [token] = loaderLines('office: { id: a }\n', { SCPM_API_TOKEN: 'short' });
    expect(problemView(token!, FILE)).toMatchObject({ key: 'environment: SCPM_API_TOKEN (auth.apiToken)', en: 'expected at least 16 characters, found (hidden)' });
    expect(problemView(`${FILE}: line 4: Nested mappings are not allowed`, FILE)).toMatchObject({ key: 'line 4', ko: expect.stringContaining('4번째 줄') });
  });
});

describe('safe mode address', () => {
  const file = (text: string) => {
    const d = mkdtempSync(join(tmpdir(), 'scpm-safe-'));
    dirs.push(d);
    writeFileSync(join(d, 'office.yaml'), text);
    return join(d, 'office.yaml');
  };
  it('takes the configured port and host when they are valid, the environment first', () => {
    expect(safeModeAddress(file('http: { host: 0.0.0.0, port: 8181 }\noffice: { id: "bad id" }\n'), {})).toEqual({ host: '0.0.0.0', port: 8181 });
    expect(safeModeAddress(file('http: { port: 8181 }\n'), { SCPM_HTTP_PORT: '9191' })).toEqual({ host: '127.0.0.1', port: 9191 });
  });
  it('falls back to the defaults for an invalid port, a broken file or a missing one', () => {
    expect(safeModeAddress(file('http: { port: 99999 }\n'), {})).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(safeModeAddress(file('http: [ : :\n'), {})).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(safeModeAddress('/nonexistent/office.yaml', { SCPM_HTTP_PORT: 'eighty' })).toEqual({ host: '127.0.0.1', port: 8080 });
  });
});

/** A raw GET (Host header of our choosing). */
function get(port: number, path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
        if (path === '/events' && body.includes('\n\n')) res.destroy();
      });
      res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the safe-mode server', () => {
  async function start(lines = loaderLines()) {
    const s = await startSafeMode({ problems: lines, file: FILE, host: '127.0.0.1', port: 0, now: () => 1_790_000_000_000 });
    servers.push(s);
    return s;
  }

  it('answers /healthz config-error with every problem, to the kiosk on this machine', async () => {
    const lines = loaderLines();
    const s = await start(lines);
    const r = await get(s.port, '/healthz');
    expect(r.status).toBe(503);
    const body = JSON.parse(r.body) as { status: string; problems: string[]; since: number; count: number };
    expect(body).toMatchObject({ status: 'config-error', since: 1_790_000_000_000, count: lines.length });
    expect(body.problems).toHaveLength(lines.length);
  });

  it('shows the page with every problem, escaped, under the display\'s CSP, and serves its script as a file', async () => {
    const lines = [...loaderLines(), `${FILE}: office.name.en: expected text, found "<script>alert(1)</script>" (text)`];
    const s = await start(lines);
    const r = await get(s.port, '/urban');
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(r.body).not.toMatch(/<script>(?!<\/script>)/);
    expect(r.body).not.toContain('<script>alert');
    expect(r.body).toContain('&lt;script&gt;');
    expect((r.body.match(/<li>/g) ?? []).length).toBe(lines.length);
    expect(r.body).toContain('설정 문제');
    expect(r.body).toContain('Configuration problem');
    expect(r.body).not.toMatch(/<script>[^<]/); // no inline script
    expect(r.body).toContain('<script src="/safe-mode/page.js">');
    const js = await get(s.port, '/safe-mode/page.js');
    expect(js.status).toBe(200);
    expect(js.body).toContain('/healthz');
  });

  it('tells an open wall page over its SSE stream that the build changed (so it reloads once into this page)', async () => {
    const s = await start();
    const r = await get(s.port, '/events');
    expect(r.body).toMatch(/^event: scpm:hello\ndata: \{"build":"config-error-1790000000000"/);
  });

  it('shows no details to a request that is not the kiosk on this machine (a foreign Host: DNS rebinding)', async () => {
    const s = await start();
    const page = await get(s.port, '/', 'evil.example');
    expect(page.body).not.toContain('office.id');
    expect(page.body).not.toContain(FILE);
    expect(page.body).toContain('Configuration problem');
    const h = JSON.parse((await get(s.port, '/healthz', 'evil.example')).body) as { status: string; problems: string[] };
    expect(h).toMatchObject({ status: 'config-error', problems: [] });
  });
});
