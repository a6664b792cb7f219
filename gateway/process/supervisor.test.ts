// The supervisor against real child processes (small node and sh scripts in
// fixtures/), each misbehaving in one way.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { sleep, waitFor, withTimeout } from '../../scripts/rig/wait.js';
import { createLogger } from '../logger.js';
import { alive, descendants, groupMembers, openFds } from './fixtures/procfs.js';
import { createProcessSupervisor, type ProcessSupervisor, type ProcessSupervisorOptions } from './supervisor.js';
import type { ChildEvents, ChildExit, ChildHandle, ChildHealth, ChildSpec } from './types.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const node = (script: string, ...args: string[]): Pick<ChildSpec, 'command' | 'args'> => ({ command: process.execPath, args: [`${FIXTURES}${script}`, ...args] });

type LogEntry = Record<string, unknown> & { msg: string; level: number };

let supervisor: ProcessSupervisor | null = null;
let entries: LogEntry[] = [];
const seenGroups = new Set<number>();

function start(opts: Partial<ProcessSupervisorOptions> = {}): ProcessSupervisor {
  entries = [];
  const log = createLogger('debug', { write: (s: string) => void entries.push(JSON.parse(s) as LogEntry) });
  supervisor = createProcessSupervisor({ log, ...opts });
  return supervisor;
}

/** Spawns, remembering every run's process group so afterEach can check that none is left. */
function spawn(spec: ChildSpec, events: ChildEvents = {}): { child: ChildHandle; exits: ChildExit[]; pids: number[] } {
  const exits: ChildExit[] = [];
  const pids: number[] = [];
  const child = supervisor!.spawn(spec, {
    ...events,
    ready: (pid) => {
      seenGroups.add(pid);
      pids.push(pid);
      events.ready?.(pid);
    },
    exit: (exit) => {
      exits.push(exit);
      events.exit?.(exit);
    },
  });
  return { child, exits, pids };
}

/**
 * Waits (up to 1 s) until `left()` is empty. A stop resolves once the leader is
 * reaped and the pipes are closed; a SIGKILLed group member may still be
 * finishing its exit in the kernel for a moment.
 */
async function gone(left: () => number[], what: string): Promise<void> {
  let last: number[] = [];
  await waitFor(() => (last = left()).length === 0, { timeoutMs: 1000, intervalMs: 10, what: `${what} (left: ${JSON.stringify(last)})` });
}

const outputEntries = (): LogEntry[] => entries.filter((e) => e.stream !== undefined);

afterEach(async () => {
  await supervisor?.stopAll(3000);
  supervisor = null;
  const groups = [...seenGroups];
  seenGroups.clear();
  await gone(() => groupMembers(...groups), 'every process group to be empty');

});

describe('process supervisor (real child processes)', () => {
  it('starts a child with a clean environment: PATH, LANG, HOME, TZ and what the spec adds, no SCPM_* secret', async () => {
    start();
    process.env.SCPM_TEST_SECRET_TOKEN = 'do-not-inherit';
    try {
      const lines: string[] = [];
      const { child, exits } = spawn({ name: 'env', ...node('print-env.mjs'), env: { FOO: 'bar' }, restart: false }, { line: (l) => lines.push(l) });
      await waitFor(() => exits.length === 1, { timeoutMs: 5000, what: 'the one-shot child to exit' });
      const seen = JSON.parse(lines[0]!) as { keys: string[]; foo: string };
      expect(seen.foo).toBe('bar');
      expect(seen.keys).toContain('PATH');
      expect(seen.keys.every((k) => ['FOO', 'HOME', 'LANG', 'PATH', 'TZ'].includes(k))).toBe(true);
      expect(exits[0]).toMatchObject({ code: 0, reason: 'exit' });
      expect(child.health()).toMatchObject({ state: 'stopped', lastError: null });
      expect(supervisor!.list()).toEqual([]);
    } finally {
      delete process.env.SCPM_TEST_SECRET_TOKEN;
    }
  });

  it('is ready on its ready line (on stderr, among \\r-ended progress lines) and is not a stall while progress lines come', async () => {
    start();
    const { child, pids } = spawn({
      name: 'camera:ok',
      ...node('ready-line.mjs', '100'),
      ready: { line: /^Input #0/, timeoutMs: 3000 },
      watchdog: { silenceMs: 400, progress: /^frame=/ },
    });
    expect(child.health().state).toBe('starting');
    await waitFor(() => pids.length === 1, { timeoutMs: 5000, what: 'the ready line' });
    expect(child.health()).toMatchObject({ state: 'running', pid: pids[0], restarts: 0 });
    await sleep(1000);
    expect(child.health()).toMatchObject({ state: 'running', stalls: 0, restarts: 0, pid: pids[0] });
    await child.stop();
    expect(child.health()).toMatchObject({ state: 'stopped', pid: null, lastExit: { reason: 'stopped', signal: 'SIGTERM' } });
  });

  it('kills and restarts a child that hangs before it is ready', async () => {
    start();
    const starts: number[] = [];
    const { child, exits } = spawn({ name: 'hang', ...node('hang-before-ready.mjs'), ready: { timeoutMs: 300 }, restart: { minMs: 100, maxMs: 200 } });
    await waitFor(() => {
      const pid = child.health().pid;
      if (pid !== null && !starts.includes(pid)) starts.push(pid);
      return exits.length >= 2;
    }, { timeoutMs: 5000, intervalMs: 20, what: 'two ready timeouts' });
    expect(exits.slice(0, 2).map((e) => e.reason)).toEqual(['ready-timeout', 'ready-timeout']);
    expect(child.health().lastError).toBe('not ready within 300 ms');
    expect(child.health().restarts).toBeGreaterThanOrEqual(1);
    expect(supervisor!.stats().readyTimeouts).toBeGreaterThanOrEqual(2);
    for (const pid of starts.slice(0, 2)) expect(alive(pid)).toBe(false);
    for (const pid of starts) seenGroups.add(pid);
  });

  it('restarts a child that crashes at once with a growing backoff, not in a tight loop, and says why in health', async () => {
    start({ random: () => 0.5 });
    const delays: number[] = [];
    const seen: ChildHealth[] = [];
    const { child, exits } = spawn(
      { name: 'crash', ...node('crash-at-once.mjs'), restart: { minMs: 100, maxMs: 800, healthyAfterMs: 10_000 } },
      {
        exit: (e) => {
          seen.push(child.health());
          delays.push(child.health().retryAt! - e.at);
        },
      },
    );
    const t0 = Date.now();
    await waitFor(() => exits.length >= 5, { timeoutMs: 15_000, what: 'five crashes' });
    // Five exits took at least the four backoffs between them (100 + 200 + 400 + 800 ms); a tight loop would take a few node start-ups.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1500);
    expect(delays.slice(0, 5)).toEqual([100, 200, 400, 800, 800]);
    expect(exits.every((e) => e.reason === 'exit' && e.code === 1)).toBe(true);
    for (const h of seen) expect(h).toMatchObject({ state: 'backoff', pid: null, lastError: 'exited with code 1: boom: Connection refused', lastExit: { code: 1, reason: 'exit' } });
    expect(seen.map((h) => h.restarts)).toEqual(seen.map((_, i) => i));
  });

  it('with ready on stdout, an error on stderr before the exit is not a start: never ready, never running', async () => {
    start({ random: () => 0.5 });
    const states: string[] = [];
    const { child, exits, pids } = spawn(
      { name: 'no-device', ...node('crash-at-once.mjs'), stdout: 'bytes', ready: { timeoutMs: 3000, stream: 'stdout' }, restart: { minMs: 100, maxMs: 200 } },
      { stdout: () => undefined },
    );
    const poll = setInterval(() => states.push(child.health().state), 5);
    try {
      await waitFor(() => exits.length >= 3, { timeoutMs: 10_000, what: 'three failed starts' });
    } finally {
      clearInterval(poll);
    }
    expect(pids).toEqual([]);
    expect(states).not.toContain('running');
    expect(child.health().lastError).toBe('exited with code 1: boom: Connection refused');
    // The same child with the default (either stream) counts its stderr line as ready.
    const either = spawn({ name: 'either', ...node('crash-at-once.mjs'), stdout: 'bytes', ready: { timeoutMs: 3000 }, restart: { minMs: 100, maxMs: 200 } }, { stdout: () => undefined });
    await waitFor(() => either.exits.length >= 1, { timeoutMs: 5000, what: 'one exit' });
    expect(either.pids.length).toBe(1);
  });

  it('restarts a child that crashes later; a healthy run resets the backoff, an unhealthy one does not', async () => {
    start({ random: () => 0.5 });
    const healthy: number[] = [];
    const h = spawn(
      { name: 'later-healthy', ...node('crash-later.mjs', '300'), ready: { line: /^READY/, timeoutMs: 3000 }, restart: { minMs: 100, maxMs: 5000, healthyAfterMs: 200 } },
      { exit: (e) => healthy.push(h.child.health().retryAt! - e.at) },
    );
    const unhealthy: number[] = [];
    const u = spawn(
      { name: 'later-unhealthy', ...node('crash-later.mjs', '300'), ready: { line: /^READY/, timeoutMs: 3000 }, restart: { minMs: 100, maxMs: 5000, healthyAfterMs: 10_000 } },
      { exit: (e) => unhealthy.push(u.child.health().retryAt! - e.at) },
    );
    await waitFor(() => healthy.length >= 3 && unhealthy.length >= 3, { timeoutMs: 10_000, what: 'three exits of each' });
    expect(healthy.slice(0, 3)).toEqual([100, 100, 100]);
    expect(unhealthy.slice(0, 3)).toEqual([100, 200, 400]);
    expect(h.exits[0]).toMatchObject({ code: 2, reason: 'exit' });
    expect(h.child.health().lastError).toBe('exited with code 2: lost the camera');
    expect(h.pids.length).toBeGreaterThanOrEqual(3);
    expect(new Set(h.pids).size).toBe(h.pids.length);
  });

  it('keeps the log bounded when a child floods stderr (10 MB without a newline, then 20,000 lines)', async () => {
    start({ logLinesPerWindow: 20, logWindowMs: 10_000, maxLineBytes: 2048 });
    const lines: string[] = [];
    const { child } = spawn({ name: 'flood', ...node('flood-stderr.mjs'), ready: { line: /^FLOOD DONE/, timeoutMs: 10_000 } }, { line: (l, s) => void (s === 'stderr' && lines.push(l)) });
    await waitFor(() => lines.at(-1) === 'flood line 19999', { timeoutMs: 15_000, what: 'the whole flood' });
    await child.stop();
    expect(lines.length).toBe(20_001);
    expect(lines[0]).toBe(`${'x'.repeat(2048)} [cut]`);
    const logged = outputEntries();
    expect(logged.length).toBe(20);
    const summaries = entries.filter((e) => typeof e.dropped === 'number');
    expect(summaries.map((e) => e.dropped)).toEqual([20_001 + 1 - 20]); // + FLOOD DONE on stdout
    expect(entries.length).toBeLessThan(40);
    expect(supervisor!.stats()).toMatchObject({ linesTruncated: 1, linesLogged: 20, linesDropped: 19_982 });
  });

  it('kills and restarts a child that goes silent, counted as a stall', async () => {
    start();
    const { child, exits, pids } = spawn({ name: 'silent', ...node('go-silent.mjs'), ready: { line: /^READY/, timeoutMs: 3000 }, watchdog: { silenceMs: 300 }, restart: { minMs: 100 } });
    await waitFor(() => pids.length >= 2, { timeoutMs: 5000, what: 'a restart after the stall' });
    expect(exits[0]).toMatchObject({ reason: 'stall', signal: 'SIGTERM' });
    expect(child.health().stalls).toBeGreaterThanOrEqual(1);
    expect(child.health().lastError).toBe('no output for 300 ms (stalled)');
    expect(alive(pids[0]!)).toBe(false);
  });

  it('counts a child that talks but makes no progress line as a stall', async () => {
    start();
    const { child, exits } = spawn({ name: 'busy', ...node('no-progress.mjs'), ready: { line: /^READY/, timeoutMs: 3000 }, watchdog: { silenceMs: 300, stream: 'stderr', progress: /^frame=/ }, restart: { minMs: 100 } });
    await waitFor(() => exits.length >= 1, { timeoutMs: 5000, what: 'the stall' });
    expect(exits[0]!.reason).toBe('stall');
    expect(child.health().lastError).toBe('no progress line for 300 ms (stalled)');
    expect(supervisor!.stats().stalls).toBeGreaterThanOrEqual(1);
  });

  it('SIGKILLs a child that ignores SIGTERM after the grace', async () => {
    start();
    const { child, pids } = spawn({ name: 'stubborn', ...node('ignore-sigterm.mjs'), ready: { line: /^READY/, timeoutMs: 3000 }, stopGraceMs: 300 });
    await waitFor(() => pids.length === 1, { timeoutMs: 5000, what: 'ready' });
    const group = groupMembers(pids[0]!);
    expect(group.length).toBe(descendants(process.pid).filter((p) => group.includes(p)).length);
    const t0 = Date.now();
    await withTimeout(child.stop(), 5000, 'stop() of a child ignoring SIGTERM');
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(child.health().lastExit).toMatchObject({ reason: 'stopped', signal: 'SIGKILL' });
    expect(entries.some((e) => e.msg === 'ignoring SIGTERM')).toBe(true);
    await gone(() => group.filter(alive), 'the stubborn child');
  });

  it('stops a grandchild with its child, and kills what a child left behind when it exited by itself', async () => {
    start();
    const spawned: number[][] = [];
    const waiting = spawn({ name: 'tree', command: '/bin/sh', args: [`${FIXTURES}grandchild.sh`], ready: { line: /^child \d+ grandchild \d+/, timeoutMs: 3000 }, stopGraceMs: 5000 }, {
      line: (l) => {
        const m = /^child (\d+) grandchild (\d+)/.exec(l);
        if (m) spawned.push([Number(m[1]), Number(m[2])]);
      },
    });
    await waitFor(() => spawned.length === 1, { timeoutMs: 5000, what: 'the pids' });
    const [childPid, grandchildPid] = spawned[0]!;
    expect(alive(childPid!) && alive(grandchildPid!)).toBe(true);
    const t0 = Date.now();
    await waiting.child.stop();
    // The child dies on SIGTERM; its grandchild ignores SIGTERM and goes with the group's SIGKILL at once, not after the 5 s grace.
    expect(Date.now() - t0).toBeLessThan(2500);
    await gone(() => [childPid!, grandchildPid!].filter(alive), 'the child and the grandchild');

    const leftBehind: number[] = [];
    const exiting = spawn({ name: 'tree-exit', command: '/bin/sh', args: [`${FIXTURES}grandchild.sh`, 'exit'], restart: false }, {
      line: (l) => {
        const m = /^child \d+ grandchild (\d+)/.exec(l);
        if (m) leftBehind.push(Number(m[1]));
      },
    });
    await waitFor(() => exiting.exits.length === 1, { timeoutMs: 5000, what: 'the child to exit by itself' });
    expect(exiting.exits[0]).toMatchObject({ code: 3, reason: 'exit' });
    expect(leftBehind.length).toBe(1);
    await waitFor(() => !alive(leftBehind[0]!), { timeoutMs: 1000, what: 'the grandchild left behind to be killed' });
  });

  it('reports a missing executable as `missing` with the install hint, and retries slowly', async () => {
    start();
    const delays: number[] = [];
    const { child, exits } = spawn(
      { name: 'camera:nope', command: 'scpm-no-such-program', args: ['-i', 'x'], installHint: 'apt-get install scpm-no-such-program', restart: { minMs: 50, maxMs: 400 } },
      { exit: (e) => delays.push(child.health().retryAt! - e.at) },
    );
    await waitFor(() => child.health().state === 'missing', { timeoutMs: 3000, what: 'state missing' });
    expect(child.health().lastError).toBe('scpm-no-such-program not found: apt-get install scpm-no-such-program');
    await sleep(1500);
    // Retried at the longest delay (300–500 ms here), not in a tight loop.
    expect(child.health().restarts).toBeGreaterThanOrEqual(2);
    expect(child.health().restarts).toBeLessThanOrEqual(5);
    expect(exits.every((e) => e.reason === 'spawn-error')).toBe(true);
    expect(child.health()).toMatchObject({ state: 'missing', pid: null });
    // Each retry waits the longest delay (400 ms ± 25 %, capped at 400), never minMs.
    expect(delays.length).toBeGreaterThanOrEqual(3);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(300);
    expect(entries.filter((e) => String(e.msg).includes('not found')).length).toBe(1);

    const abs = spawn({ name: 'camera:abs', command: '/nonexistent/bin/ffmpeg', args: [], installHint: 'apt-get install ffmpeg' });
    await waitFor(() => abs.child.health().state === 'missing', { timeoutMs: 3000, what: 'state missing' });
    expect(abs.child.health().lastError).toBe('ffmpeg not found: apt-get install ffmpeg');
    expect(supervisor!.stats().missing).toBeGreaterThanOrEqual(3);
  });

  it('removes secrets and URL credentials from the log, line events and health', async () => {
    start();
    const lines: string[] = [];
    const { child, exits } = spawn({ name: 'leaky', ...node('leak-secret.mjs'), restart: false, secrets: ['hunter2', 's3cr3t/'] }, { line: (l) => lines.push(l) });
    await waitFor(() => exits.length === 1, { timeoutMs: 5000, what: 'the exit' });
    const everything = JSON.stringify(entries) + JSON.stringify(lines) + JSON.stringify(child.health());
    for (const leak of ['hunter2', 's3cr3t', 'admin:', 'other:pw', 'ops:']) expect(everything).not.toContain(leak);
    expect(lines[0]).toBe('rtsp://[redacted]@10.0.0.5:554/stream: Connection refused');
    expect(child.health().lastError).toBe('exited with code 1: Ym9yaW5n in rtsp://[redacted]@cam/x');
  });

  it('writes to stdin when asked for a pipe, and refuses once stopped', async () => {
    start();
    const lines: string[] = [];
    const { child } = spawn({ name: 'cat', command: 'cat', args: [], stdin: 'pipe' }, { line: (l) => lines.push(l) });
    await waitFor(() => child.health().state === 'running', { timeoutMs: 3000, what: 'running' });
    expect(child.write('hello\n')).toBe(true);
    await waitFor(() => lines.includes('hello'), { timeoutMs: 3000, what: 'the echo' });
    await child.stop();
    expect(child.write('again\n')).toBe(false);
  });

  it('counts an event handler that throws, and goes on', async () => {
    start();
    const { child } = spawn({ name: 'cat-throws', command: 'cat', args: [], stdin: 'pipe' }, {
      line: () => {
        throw new Error('handler bug');
      },
    });
    await waitFor(() => child.health().state === 'running', { timeoutMs: 3000, what: 'running' });
    child.write('one\ntwo\n');
    await waitFor(() => supervisor!.stats().callbackErrors === 2, { timeoutMs: 3000, what: 'two counted handler errors' });
    expect(child.health()).toMatchObject({ state: 'running', restarts: 0 });
    expect(entries.filter((e) => e.msg === 'a child event handler threw').length).toBe(2);
  });

  it('restarts at once on request, without waiting for a backoff', async () => {
    start();
    const { child, pids } = spawn({ name: 'button', ...node('crash-later.mjs', '20000'), ready: { line: /^READY/, timeoutMs: 3000 }, restart: { minMs: 10_000 } });
    await waitFor(() => pids.length === 1, { timeoutMs: 5000, what: 'ready' });
    child.restart('camera test button');
    await waitFor(() => pids.length === 2, { timeoutMs: 3000, what: 'the second run' });
    expect(child.health()).toMatchObject({ state: 'running', restarts: 1, lastExit: { reason: 'stopped' } });
    expect(alive(pids[0]!)).toBe(false);
  });

  it('stopAll stops every child by its deadline, SIGKILL included, and refuses later spawns', async () => {
    start();
    const runs = [1, 2, 3].map((i) => spawn({ name: `stubborn-${i}`, ...node('ignore-sigterm.mjs'), ready: { line: /^READY/, timeoutMs: 3000 }, stopGraceMs: 10_000 }));
    await waitFor(() => runs.every((r) => r.pids.length === 1), { timeoutMs: 5000, what: 'all ready' });
    const groups = runs.map((r) => r.pids[0]!);
    const t0 = Date.now();
    await supervisor!.stopAll(1000);
    expect(Date.now() - t0).toBeLessThan(2000); // not the 10 s grace
    await gone(() => groupMembers(...groups), 'the three groups');
    expect(runs.map((r) => r.child.health().lastExit?.signal)).toEqual(['SIGKILL', 'SIGKILL', 'SIGKILL']);
    const late = spawn({ name: 'late', command: 'sleep', args: ['100'] });
    expect(late.child.health().state).toBe('stopped');
    expect(supervisor!.list()).toEqual([]);
  });

  it('falls back with a warning when setpriv or timeout is missing', async () => {
    for (const [tools, kind] of [[{ timeout: null }, 'child-only'], [{ setpriv: null }, 'none']] as const) {
      start({ guardTools: tools });
      const { child, pids } = spawn({ name: 'plain', command: 'sleep', args: ['100'] });
      await waitFor(() => pids.length === 1, { timeoutMs: 3000, what: 'running' });
      expect(supervisor!.stats().guard).toBe(kind);
      expect(entries.some((e) => e.level === 40 && String(e.msg).includes('not fully tied'))).toBe(true);
      await child.stop();
      expect(alive(pids[0]!)).toBe(false);
      await supervisor!.stopAll(1000);
    }
  });

  it('leaves no process, descriptor or timer after 100 start/stop cycles', async () => {
    start();
    const resources = (): string => {
      const counts: Record<string, number> = {};
      for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
      return JSON.stringify(Object.entries(counts).sort());
    };
    // One cycle first, so the guard probe and lazy module loads are not counted as growth.
    const warm = spawn({ name: 'cycle', command: 'sleep', args: ['1000'] });
    await waitFor(() => warm.pids.length === 1, { timeoutMs: 3000, what: 'warm-up run' });
    await warm.child.stop();
    // Node closes a process handle a moment after the exit; vitest's own timers come and go.
    const settled = (): string | false => (process.getActiveResourcesInfo().some((r) => r === 'ProcessWrap' || r === 'Timeout') ? false : resources());
    const before = await waitFor(settled, { timeoutMs: 2000, what: 'no process handle or timer before the cycles' });
    const fds = openFds();
    for (let i = 0; i < 100; i++) {
      const { child, pids } = spawn({ name: 'cycle', command: 'sleep', args: ['1000'] });
      await waitFor(() => pids.length === 1, { timeoutMs: 3000, intervalMs: 5, what: `run ${i}` });
      await child.stop();
      expect(child.health().state).toBe('stopped');
    }
    expect(supervisor!.stats()).toMatchObject({ live: 0, starts: 101, exits: 101 });
    await gone(() => descendants(process.pid), 'every descendant');
    // Only the last process handle may take a moment to close; a timer left behind (a grace, a close wait) would show here.
    await waitFor(() => !process.getActiveResourcesInfo().includes('ProcessWrap'), { timeoutMs: 1000, what: 'the last process handle to close' });
    expect(resources()).toBe(before);
    expect(openFds()).toBe(fds);
  });
});
