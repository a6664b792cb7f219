// One-shot children (a voice recognition runs two per uploaded WAV) end by the
// thousand when an outsider keeps sending work: a clean end is routine and
// must not cost a log line each; a failed end is still said.
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { createProcessSupervisor, type ProcessSupervisor } from './supervisor.js';

type LogEntry = Record<string, unknown> & { msg: string; level: number };

let supervisor: ProcessSupervisor | null = null;
afterEach(async () => {
  await supervisor?.stopAll(5000);
  supervisor = null;
});

function start(): LogEntry[] {
  const entries: LogEntry[] = [];
  const log = createLogger('info', { write: (s: string) => void entries.push(JSON.parse(s) as LogEntry) });
  supervisor = createProcessSupervisor({ log });
  return entries;
}

/** Runs one one-shot child to its end. */
function runOnce(name: string, command: string): Promise<void> {
  return new Promise((resolve) => supervisor!.spawn({ name, command, args: [], restart: false }, { exit: () => resolve() }));
}

describe('one-shot children in the log', () => {
  it('200 clean ends (each child named anew, as per-job children are) write no line each', async () => {
    const entries = start();
    for (let i = 0; i < 200; i++) await runOnce(`job:u${i}`, '/bin/true');
    const ended = entries.filter((e) => String(e.msg).startsWith('child ended'));
    expect(ended).toHaveLength(0);
  }, 60_000);

  it('a failed end is still logged, with its reason', async () => {
    const entries = start();
    await runOnce('job:fails', '/bin/false');
    expect(entries.filter((e) => e.child === 'job:fails' && String(e.msg).startsWith('child ended: exited with code 1'))).toHaveLength(1);
  });
});
