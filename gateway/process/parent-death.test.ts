// The parent-death guarantee: a process standing in for the gateway runs the
// supervisor with a child that has a grandchild (both ignoring nothing but the
// grandchild ignoring SIGTERM) and a child ignoring SIGTERM; it is SIGKILLed
// (the node process alone, not its group), and nothing it started may survive.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnTracked, stopTracked, type Tracked } from '../../scripts/rig/process.js';
import { removeDir, tempDir } from '../../scripts/rig/tmp.js';
import { sleep, waitFor } from '../../scripts/rig/wait.js';
import { alive, groupMembers } from './fixtures/procfs.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
let dir = '';
let harnessJs = '';
const harnesses: Tracked[] = [];
const strays: number[] = [];

beforeAll(async () => {
  dir = tempDir('process-harness');
  harnessJs = `${dir}/gateway-harness.mjs`;
  await build({
    entryPoints: [`${FIXTURES}gateway-harness.ts`],
    outfile: harnessJs,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // pino is CommonJS; an ESM bundle needs a require.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'error',
  });
});

afterAll(async () => {
  for (const h of harnesses) await stopTracked(h, 'SIGKILL', 2000);
  for (const pid of strays) if (alive(pid)) process.kill(pid, 'SIGKILL');
  if (dir) removeDir(dir);
});

interface Tree { leader: number; child: number; grandchild: number; stubborn: number; guard: string; members: number[] }

async function startGateway(mode: 'group' | 'child-only'): Promise<{ harness: Tracked; tree: Tree }> {
  const harness = spawnTracked(process.execPath, [harnessJs, FIXTURES, mode]);
  harnesses.push(harness);
  const line = await waitFor(() => harness.stdout.find((l) => l.startsWith('{')), {
    timeoutMs: 10_000,
    what: 'the harness to report its children',
    abort: () => (harness.running() ? null : new Error(`harness died: ${harness.stderr.join('\n')}`)),
  });
  const tree = JSON.parse(line) as Omit<Tree, 'members'>;
  const members = groupMembers(tree.leader, tree.stubborn);
  strays.push(...members);
  return { harness, tree: { ...tree, members } };
}

/** SIGKILLs the harness (not its group) and returns how long until none of `pids` is alive, or null if some still are after `waitMs`. */
async function killGateway(harness: Tracked, pids: number[], waitMs = 5000): Promise<{ ms: number | null; left: number[] }> {
  process.kill(harness.pid, 'SIGKILL');
  const t0 = performance.now();
  while (performance.now() - t0 < waitMs) {
    const left = pids.filter(alive);
    if (left.length === 0) return { ms: performance.now() - t0, left };
    await sleep(5);
  }
  return { ms: null, left: pids.filter(alive) };
}

describe('parent-death guarantee (the gateway SIGKILLed)', () => {
  it('kills every child and grandchild within 2 s of the gateway\'s SIGKILL', async () => {
    const { harness, tree } = await startGateway('group');
    expect(tree.guard).toBe('group');
    // timeout + sh + sleep in one group, timeout + node in the other.
    expect(tree.members).toEqual(expect.arrayContaining([tree.leader, tree.child, tree.grandchild, tree.stubborn]));
    expect(tree.members.length).toBe(5);
    const { ms, left } = await killGateway(harness, tree.members);
    console.warn(`parent-death: ${tree.members.length} processes gone ${ms?.toFixed(0)} ms after the gateway's SIGKILL`);
    expect(left).toEqual([]);
    expect(ms).not.toBeNull();
    expect(ms!).toBeLessThan(2000);
  });

  it('(why timeout is there) with a bare setpriv --pdeathsig the grandchild survives', async () => {
    const { harness, tree } = await startGateway('child-only');
    expect(tree.guard).toBe('child-only');
    const { left } = await killGateway(harness, tree.members, 2500);
    expect(left).toEqual([tree.grandchild]);
    process.kill(tree.grandchild, 'SIGKILL');
  });
});
