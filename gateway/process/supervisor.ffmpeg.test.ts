// The supervisor with the child it exists for: a real ffmpeg (Debian's 5.1)
// streaming media to stdout, failing on a camera URL with a password in it, and
// hanging on a camera that accepts the connection and never answers.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../../scripts/rig/wait.js';
import { createLogger } from '../logger.js';
import { alive } from './fixtures/procfs.js';
import { createProcessSupervisor, type ProcessSupervisor } from './supervisor.js';
import type { ChildExit } from './types.js';

let supervisor: ProcessSupervisor | null = null;
let logText = '';
const servers: Server[] = [];
const sockets: Socket[] = [];

function start(): ProcessSupervisor {
  logText = '';
  supervisor = createProcessSupervisor({ log: createLogger('debug', { write: (s: string) => void (logText += s) }) });
  return supervisor;
}

afterEach(async () => {
  await supervisor?.stopAll(3000);
  supervisor = null;
  for (const s of sockets.splice(0)) s.destroy();
  for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
});

describe('process supervisor with a real ffmpeg', () => {
  it('streams bytes to onStdout, is ready on "Output #0", watched by its frame= progress lines, and stops gracefully', async () => {
    start();
    let bytes = 0;
    const pids: number[] = [];
    const child = supervisor!.spawn(
      {
        name: 'camera:testsrc',
        command: 'ffmpeg',
        args: ['-nostdin', '-hide_banner', '-re', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=10', '-c:v', 'mjpeg', '-f', 'mjpeg', 'pipe:1'],
        stdout: 'bytes',
        ready: { line: /^Output #0/, timeoutMs: 5000 },
        watchdog: { silenceMs: 1500, stream: 'stderr', progress: /^frame=/ },
        installHint: 'apt-get install ffmpeg',
      },
      { stdout: (chunk) => void (bytes += chunk.length), ready: (pid) => void pids.push(pid) },
    );
    await waitFor(() => pids.length === 1, { timeoutMs: 10_000, what: 'ffmpeg to be ready' });
    await sleep(2000);
    expect(child.health()).toMatchObject({ state: 'running', stalls: 0, restarts: 0 });
    expect(bytes).toBeGreaterThan(1000);
    await child.stop();
    // ffmpeg ends by itself on SIGTERM ("Exiting normally, received signal 15"), no SIGKILL needed.
    expect(child.health().lastExit).toMatchObject({ reason: 'stopped', code: 255, signal: null });
    expect(alive(pids[0]!)).toBe(false);
  });

  it('says why a camera failed, with the password removed', async () => {
    start();
    const exits: ChildExit[] = [];
    const child = supervisor!.spawn(
      { name: 'camera:refused', command: 'ffmpeg', args: ['-nostdin', '-hide_banner', '-i', 'rtsp://admin:hunter2@127.0.0.1:1/stream', '-f', 'null', '-'], restart: false, secrets: ['hunter2'] },
      { exit: (e) => void exits.push(e) },
    );
    await waitFor(() => exits.length === 1, { timeoutMs: 10_000, what: 'ffmpeg to fail' });
    expect(child.health().lastError).toBe('exited with code 1: rtsp://[redacted]@127.0.0.1:1/stream: Connection refused');
    expect(logText).toContain('Connection refused');
    expect(logText).not.toContain('hunter2');
    expect(logText).not.toContain('admin:');
  });

  it('kills and restarts an ffmpeg stuck on a camera that accepts and never answers', async () => {
    start();
    const server = createServer((socket) => void sockets.push(socket));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const exits: ChildExit[] = [];
    const child = supervisor!.spawn(
      { name: 'camera:mute', command: 'ffmpeg', args: ['-nostdin', '-hide_banner', '-i', `tcp://127.0.0.1:${port}`, '-f', 'null', '-'], ready: { line: /^Input #0/, timeoutMs: 800 }, restart: { minMs: 100 } },
      { exit: (e) => void exits.push(e) },
    );
    await waitFor(() => exits.length >= 2, { timeoutMs: 10_000, what: 'two ready timeouts' });
    expect(exits.slice(0, 2).map((e) => e.reason)).toEqual(['ready-timeout', 'ready-timeout']);
    expect(child.health().lastError).toBe('not ready within 800 ms');
    expect(sockets.length).toBeGreaterThanOrEqual(2);
  });
});
