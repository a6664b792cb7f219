import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Store } from './store.js';
import { TEST_LIMITS } from './test-limits.js';
import { createLogger } from '../logger.js';
import { Checkpointer, INLINE_AUTOCHECKPOINT, SAFETY_AUTOCHECKPOINT } from './checkpointer.js';
import { removeDir, tempDir } from '../../scripts/rig/tmp.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

function fileStore() {
  const dir = tempDir('checkpointer');
  dirs.push(dir);
  return new Store(join(dir, 'scpm.db'), TEST_LIMITS);
}

const autocheckpoint = (s: Store) => s.db.pragma('wal_autocheckpoint', { simple: true }) as number;
const reading = (i: number) => ({ kind: 'urban' as const, data: { metric: 'pm25', district: '11230', value: i, unit: 'ug/m3', ts: new Date(Date.UTC(2026, 10, 23, 0, 0, 0, i)).toISOString() } });

async function until(pred: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Checkpointer', () => {
  it('checkpoints the WAL from its worker while the main connection only keeps a safety net', async () => {
    const store = fileStore();
    const cp = new Checkpointer(store.path, (p) => store.setAutocheckpoint(p), createLogger('silent'), 50);
    expect(autocheckpoint(store)).toBe(SAFETY_AUTOCHECKPOINT);
    for (let i = 0; i < 300; i++) store.transaction(() => store.apply(reading(i), i));
    await until(() => cp.stats.runs > 2 && cp.stats.walPages > 0);
    expect(cp.stats.errors).toBe(0);
    // Everything written is in the database file: a checkpoint on the main connection finds nothing left to copy.
    await until(() => {
      const [r] = store.db.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
      return r!.log === r!.checkpointed;
    });
    await cp.stop();
    expect(autocheckpoint(store)).toBe(INLINE_AUTOCHECKPOINT);
    expect(store.urbanSeries('pm25', '11230', 0)).toHaveLength(300);
    store.close();
  });

  it('falls back to inline checkpoints if its worker dies', async () => {
    const store = fileStore();
    const cp = new Checkpointer(store.path, (p) => store.setAutocheckpoint(p), createLogger('silent'), 50);
    await until(() => cp.stats.runs > 0);
    await (cp as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await until(() => !cp.stats.running);
    expect(autocheckpoint(store)).toBe(INLINE_AUTOCHECKPOINT);
    expect(cp.stats.lastError).toMatch(/exited/);
    await cp.stop();
    store.close();
  });
});
