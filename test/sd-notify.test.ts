// sd_notify against a real $NOTIFY_SOCKET (a datagram socket opened by
// python3): a node process started through scripts/systemd/notify-exec, as the
// gateway's unit does, sends READY=1, WATCHDOG=1 at half of WATCHDOG_USEC,
// none while its event loop is blocked (a test hook: a busy loop on SIGUSR2),
// and STOPPING=1 on SIGTERM.
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, spawnTracked, stopTracked, waitFor, sleep } from './rig/index.js';
import { startNotifySocket, type NotifySocket } from '../scripts/rig/notify-socket.js';

const NOTIFY_EXEC = join(REPO_ROOT, 'scripts', 'systemd', 'notify-exec');
const NOTIFY_JS = pathToFileURL(join(REPO_ROOT, 'dist', 'gateway', 'systemd', 'notify.js')).href;
const BLOCK_MS = 1500;

// The child: what the gateway does (createNotifier, ready once listening),
// plus the hook that blocks its event loop.
const CHILD = `
import { createNotifier } from ${JSON.stringify(NOTIFY_JS)};
const n = createNotifier({ onProblem: (p) => console.log('PROBLEM ' + p) });
console.log('STATE ' + JSON.stringify({ active: n.active, every: n.watchdogEveryMs, inheritedSocket: process.env.NOTIFY_SOCKET ?? null }));
n.ready('listening');
process.on('SIGUSR2', () => {
  console.log('BLOCK ' + Date.now());
  const end = Date.now() + ${BLOCK_MS};
  while (Date.now() < end) { /* the event loop is blocked */ }
  console.log('UNBLOCK ' + Date.now());
});
process.on('SIGTERM', () => { n.stopping('stopping'); setTimeout(() => process.exit(0), 100); });
setInterval(() => {}, 1000);
`;

let sock: NotifySocket;
afterAll(async () => sock?.dispose());

function runChild(env: Record<string, string>, viaNotifyExec = true) {
  const args = ['--input-type=module', '-e', CHILD];
  const [cmd, argv] = viaNotifyExec ? [NOTIFY_EXEC, [process.execPath, ...args]] : [process.execPath, args];
  return spawnTracked(cmd, argv, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
}

const lineValue = (lines: string[], tag: string) => lines.find((l) => l.startsWith(`${tag} `))?.slice(tag.length + 1);

describe('sd_notify through notify-exec to a real datagram socket', () => {
  it('READY=1, then WATCHDOG=1 every half WATCHDOG_USEC, none while the loop is blocked, STOPPING=1 on SIGTERM', async () => {
    sock = await startNotifySocket();
    const started = Date.now();
    const child = runChild({ NOTIFY_SOCKET: sock.path, WATCHDOG_USEC: '400000' });
    try {
      const ready = await sock.waitFor('READY', '1', { since: started });
      expect(ready.fields.STATUS).toBe('listening');
      const state = JSON.parse((await waitFor(() => lineValue(child.stdout, 'STATE'), { what: 'the child state line' })) ?? '{}') as Record<string, unknown>;
      expect(state).toEqual({ active: true, every: 200, inheritedSocket: null });

      await sleep(1600);
      const pings = sock.messages().filter((m) => m.fields.WATCHDOG === '1');
      expect(pings.length).toBeGreaterThanOrEqual(5);
      const gaps = pings.slice(1).map((m, i) => m.at - pings[i]!.at);
      const median = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]!;
      expect(median).toBeGreaterThan(120);
      expect(median).toBeLessThan(400);

      child.proc.kill('SIGUSR2');
      const unblockAt = Number(await waitFor(() => lineValue(child.stdout, 'UNBLOCK'), { timeoutMs: 5000, what: 'the child to unblock' }));
      const blockAt = Number(lineValue(child.stdout, 'BLOCK'));
      expect(unblockAt - blockAt).toBeGreaterThanOrEqual(BLOCK_MS);
      await sock.waitFor('WATCHDOG', '1', { since: unblockAt, timeoutMs: 2000 });
      // Nothing arrived while the loop was blocked (a datagram already in flight at the block's start may land just after it).
      const during = sock.messages().filter((m) => m.fields.WATCHDOG === '1' && m.at > blockAt + 50 && m.at < unblockAt - 5);
      expect(during).toEqual([]);

      child.proc.kill('SIGTERM');
      const stopping = await sock.waitFor('STOPPING', '1', { since: unblockAt });
      expect(stopping.fields.STATUS).toBe('stopping');
      expect((await child.exited).code).toBe(0);
      expect(child.stdout.filter((l) => l.startsWith('PROBLEM'))).toEqual([]);
    } finally {
      await stopTracked(child, 'SIGKILL', 2000);
    }
  });

  it('without notify-exec, NOTIFY_SOCKET alone gives one clear problem and no datagram', async () => {
    const since = Date.now();
    const child = runChild({ NOTIFY_SOCKET: sock.path, WATCHDOG_USEC: '400000' }, false);
    try {
      const problem = await waitFor(() => lineValue(child.stdout, 'PROBLEM'), { what: 'the problem line' });
      expect(problem).toMatch(/notify-exec/);
      await sleep(500);
      expect(sock.messages().filter((m) => m.at >= since)).toEqual([]);
    } finally {
      await stopTracked(child, 'SIGKILL', 2000);
    }
  });

  it('outside systemd (no NOTIFY_SOCKET) notify-exec just runs the command', async () => {
    const child = runChild({});
    try {
      const state = JSON.parse((await waitFor(() => lineValue(child.stdout, 'STATE'), { what: 'the child state line' })) ?? '{}') as Record<string, unknown>;
      expect(state).toEqual({ active: false, every: null, inheritedSocket: null });
    } finally {
      await stopTracked(child, 'SIGKILL', 2000);
    }
  });
});
