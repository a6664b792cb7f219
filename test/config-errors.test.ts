// A config with several mistakes: the gateway and check-config both refuse it,
// exit non-zero, and list every problem as `file: key.path: expected …, found …`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECK_CONFIG, GATEWAY_MAIN, REPO_ROOT, Rig, cleanEnv, spawnTracked, stopTracked, waitFor } from './rig/index.js';

const rig = new Rig('config-errors');
afterAll(() => rig.cleanup());

const BAD = `office:
  id: "bad id!"
http:
  port: 99999
upstream:
  url: "http://city.example/broker"
  protocolVersion: 3
store:
  maxSizeMb: 1
logging:
  level: loud
displya:
  publicPort: 0
`;

/** Key path → what the line must say about it. */
const EXPECTED: [string, RegExp][] = [
  ['office.id', /expected .*slug.*found "bad id!"/],
  ['http.port', /expected .*65535.*found 99999/],
  ['upstream.url', /expected .*mqtt.*found "http:\/\/city\.example\/broker"/],
  ['upstream.protocolVersion', /expected .*found 3/],
  ['store.maxSizeMb', /expected .*16.*found 1/],
  ['logging.level', /expected .*found "loud"/],
  ['(top level)', /unknown key.*"displya"/],
];

async function run(script: string, args: string[], env: Record<string, string>) {
  const p = spawnTracked(process.execPath, [script, ...args], { cwd: REPO_ROOT, env: { ...cleanEnv(), ...env } });
  const deadline = setTimeout(() => void stopTracked(p, 'SIGKILL'), 15_000);
  const exit = await p.exited;
  clearTimeout(deadline);
  await new Promise((r) => setImmediate(r));
  return { ...exit, stdout: p.stdout, stderr: p.stderr };
}

function expectEveryProblem(file: string, stderr: string[]) {
  for (const [path, what] of EXPECTED) {
    const prefix = `${file}: ${path}: `;
    const line = stderr.find((l) => l.startsWith(prefix));
    expect(line, `a line starting "${prefix}" in:\n${stderr.join('\n')}`).toBeDefined();
    expect(line!.slice(prefix.length)).toMatch(what);
  }
}

describe('config errors', () => {
  const dir = rig.tempDir('cfg');
  const file = join(dir, 'bad-office.yaml');
  writeFileSync(file, BAD);

  it('the gateway refuses to start, exits non-zero and lists every problem on stderr', async () => {
    const r = await run(GATEWAY_MAIN, [], { SCPM_CONFIG: file, SCPM_DATA_DIR: join(dir, 'data') });
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    expectEveryProblem(file, r.stderr);
  });

  it('check-config lists the same problems and exits non-zero', async () => {
    const r = await run(CHECK_CONFIG, [file], {});
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    expectEveryProblem(file, r.stderr);
  });

  it('says what upstream.protocolVersion should be (4 or 5), not what a secret should be', async () => {
    const r = await run(CHECK_CONFIG, [file], {});
    const line = r.stderr.find((l) => l.startsWith(`${file}: upstream.protocolVersion: `));
    expect(line).toMatch(/expected .*4.*5.*found 3/);
    expect(line).not.toMatch(/env: VAR_NAME/);
  });

  it('a YAML syntax error is reported with its line', async () => {
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'office:\n  id: ok\n  name: { en: "x", ko: \n http: [\n');
    const r = await run(CHECK_CONFIG, [broken], {});
    expect(r.code).not.toBe(0);
    expect(r.stderr.some((l) => l.startsWith(`${broken}: line `))).toBe(true);
  });

  it('a missing file is one clear problem', async () => {
    const missing = join(dir, 'nope.yaml');
    const r = await run(CHECK_CONFIG, [missing], {});
    expect(r.code).not.toBe(0);
    expect(r.stderr.some((l) => l.startsWith(`${missing}: `))).toBe(true);
  });

  it('an environment override with a bad value is reported too', async () => {
    const r = await run(GATEWAY_MAIN, [], { SCPM_CONFIG: 'device-configs/demo.yaml', SCPM_HTTP_PORT: 'eighty', SCPM_DATA_DIR: join(dir, 'data2') });
    expect(r.code).not.toBe(0);
    expect(r.stderr.join('\n')).toMatch(/SCPM_HTTP_PORT \(http\.port\): expected a whole number, found "eighty"/);
    // A whole number out of range is the variable's too, in the gateway's lines and check-config's.
    const env = { SCPM_CONFIG: 'device-configs/demo.yaml', SCPM_PUBLIC_PORT: '70000', SCPM_DATA_DIR: join(dir, 'data3') };
    for (const [script, code] of [[GATEWAY_MAIN, 2], [CHECK_CONFIG, 1]] as const) {
      const out = await run(script, [], env);
      expect(out.code, script).toBe(code);
      expect(out.stderr, script).toContain('environment: SCPM_PUBLIC_PORT (display.publicPort): expected a value ≤ 65535, found 70000 (number)');
    }
  });

  it('never prints a password from the broker URL: not in its problems, not in check-config\'s "ok"', async () => {
    const bad = join(dir, 'secret-bad.yaml');
    writeFileSync(bad, 'office: { id: a }\nupstream: { url: "mqtts://edge:s3cret-pw@city.example:99999" }\n');
    const refused = await run(GATEWAY_MAIN, [], { SCPM_CONFIG: bad, SCPM_DATA_DIR: join(dir, 'data3') });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr.join('\n')).toContain(`${bad}: upstream.url: expected an mqtt:// or mqtts:// URL with a port from 1 to 65535, found "mqtts://edge:***@city.example:99999" (text)`);
    expect([...refused.stderr, ...refused.stdout].join('\n')).not.toContain('s3cret-pw');
    const good = join(dir, 'secret-good.yaml');
    writeFileSync(good, 'office: { id: a }\nupstream: { url: "mqtts://edge:s3cret-pw@city.example:8883" }\n');
    const ok = await run(CHECK_CONFIG, [good], {});
    expect(ok.code).toBe(0);
    expect(ok.stdout.join('\n')).toContain(`${good}: ok (office a, upstream mqtts://city.example:8883)`);
    expect([...ok.stderr, ...ok.stdout].join('\n')).not.toContain('s3cret-pw');
  });

  it('the setup page shows the broker URL of the configuration in effect without its password', async () => {
    const file = join(dir, 'secret-setup.yaml');
    writeFileSync(file, 'office: { id: a }\nupstream: { url: "mqtts://edge:s3cret-pw@127.0.0.1:1" }\n');
    const g = await rig.gateway({ env: { SCPM_CONFIG: file } });
    const page = await waitFor(async () => {
      const r = await fetch(`${g.baseUrl}/setup`).catch(() => null);
      return r?.status === 200 ? r.text() : null;
    }, { timeoutMs: 10_000, what: 'the setup page' });
    expect(page).toContain('url: mqtts://edge:••••@127.0.0.1:1');
    expect(page).not.toContain('s3cret-pw');
    expect([...g.logs(), ...g.stderr()].join('\n')).not.toContain('s3cret-pw');
    await g.stop();
  }, 30_000);

  it('the demo config passes check-config', async () => {
    const r = await run(CHECK_CONFIG, ['device-configs/demo.yaml'], {});
    expect(r.stderr.join('\n')).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.join('\n')).toMatch(/device-configs\/demo\.yaml: ok/);
  });

  it('the demo config starts (then stops on SIGTERM)', async () => {
    const g = await rig.gateway({ env: { SCPM_CONFIG: 'device-configs/demo.yaml' } });
    await g.waitHealthy();
    const exit = await g.stop();
    expect(exit.code).toBe(0);
  }, 30_000);
});
