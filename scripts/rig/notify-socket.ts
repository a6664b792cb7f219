// A real $NOTIFY_SOCKET for tests: a Unix datagram socket bound by Debian's
// python3 (Node cannot open one), printing each datagram it receives as one
// JSON line with its arrival time. Stands in for systemd's notify socket.
import { join } from 'node:path';
import { spawnTracked, stopTracked, type Tracked } from './process.js';
import { removeDir, tempDir } from './tmp.js';
import { waitFor } from './wait.js';

export interface NotifyMessage {
  /** Arrival time, ms since the epoch (comparable with Date.now()). */
  at: number;
  /** The datagram's assignments, e.g. { READY: '1', STATUS: 'listening' }. */
  fields: Record<string, string>;
  raw: string;
}

export interface NotifySocket {
  path: string;
  messages(): NotifyMessage[];
  /** Until a message with this field (and value, when given) has arrived after `since`. */
  waitFor(field: string, value?: string, o?: { timeoutMs?: number; since?: number }): Promise<NotifyMessage>;
  dispose(): Promise<void>;
}

const LISTENER = `
import json, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("LISTENING", flush=True)
while True:
    data = s.recv(65536)
    print(json.dumps({"at": time.time() * 1000, "raw": data.decode("utf-8", "replace")}), flush=True)
`;

export function parseNotifyMessage(raw: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of raw.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) fields[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return fields;
}

export async function startNotifySocket(): Promise<NotifySocket> {
  const dir = tempDir('notify');
  const path = join(dir, 'notify.sock');
  const proc: Tracked = spawnTracked('/usr/bin/python3', ['-u', '-c', LISTENER, path]);
  await waitFor(() => proc.stdout.includes('LISTENING'), {
    timeoutMs: 5000,
    what: 'the python3 notify socket listener',
    abort: () => (proc.running() ? null : new Error(`notify listener exited: ${proc.stderr.join('\n')}`)),
  });
  const messages = (): NotifyMessage[] =>
    proc.stdout.filter((l) => l.startsWith('{')).map((l) => {
      const m = JSON.parse(l) as { at: number; raw: string };
      return { at: m.at, raw: m.raw, fields: parseNotifyMessage(m.raw) };
    });
  return {
    path,
    messages,
    waitFor: (field, value, o = {}) =>
      waitFor(() => messages().find((m) => m.at >= (o.since ?? 0) && field in m.fields && (value === undefined || m.fields[field] === value)), {
        timeoutMs: o.timeoutMs ?? 5000,
        intervalMs: 20,
        what: `${field}${value === undefined ? '' : `=${value}`} on the notify socket`,
      }),
    dispose: async () => {
      await stopTracked(proc, 'SIGTERM', 2000);
      removeDir(dir);
    },
  };
}
