import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATEWAY_NODE_FLAGS, REPO_ROOT } from './repo.js';

describe('how the gateway is launched', () => {
  it('npm start, the systemd unit and the test rig run it with the same node flags and the same bundle', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const unit = readFileSync(join(REPO_ROOT, 'systemd', 'scpm-edge.service'), 'utf8');
    const execStart = /^ExecStart=(.*)$/m.exec(unit)?.[1] ?? '';
    const launch = `node ${GATEWAY_NODE_FLAGS.join(' ')} dist/gateway/scpm-edge.mjs`;
    expect(pkg.scripts.start).toContain(launch);
    expect(execStart).toBe(`/usr/bin/${launch}`);
  });
});
