import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATEWAY_ENV, GATEWAY_NODE_FLAGS, REPO_ROOT } from './repo.js';

describe('how the gateway is launched', () => {
  it('npm start, the systemd unit and the test rig run it with the same node flags, environment and bundle', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const unit = readFileSync(join(REPO_ROOT, 'systemd', 'scpm-edge.service'), 'utf8');
    const execStart = /^ExecStart=(.*)$/m.exec(unit)?.[1] ?? '';
    const launch = `node ${GATEWAY_NODE_FLAGS.join(' ')} dist/gateway/scpm-edge.mjs`;
    const envWords = Object.entries(GATEWAY_ENV).map(([k, v]) => `${k}=${v}`);
    expect(pkg.scripts.start).toContain(`${envWords.join(' ')} ${launch}`);
    // notify-exec connects the sd_notify socket and execs node (same PID): scripts/systemd/notify-exec.
    expect(execStart).toBe(`/usr/lib/scpm-edge/scripts/systemd/notify-exec /usr/bin/${launch}`);
    const unitEnv = [...unit.matchAll(/^Environment=(.*)$/gm)].map((m) => m[1]);
    for (const word of envWords) expect(unitEnv).toContain(word);
  });

  it('started as a service (npm start, systemd), a bad config is safe mode; npm start builds only when the sources changed', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const unit = readFileSync(join(REPO_ROOT, 'systemd', 'scpm-edge.service'), 'utf8');
    expect(pkg.scripts.start).toMatch(/^\(node dist\/scripts\/build\/stamp\.js check 2>\/dev\/null \|\| npm run build --silent\) && /);
    expect(pkg.scripts.start).toContain('SCPM_SAFE_MODE=1 ');
    expect([...unit.matchAll(/^Environment=(.*)$/gm)].map((m) => m[1])).toContain('SCPM_SAFE_MODE=1');
    // A failing ExecStartPre would stop systemd before safe mode could show the problems.
    expect(unit).not.toMatch(/^ExecStartPre=.*check-config/m);
  });
});
