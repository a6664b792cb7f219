// WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside
// whichever commit crosses `wal_autocheckpoint`, copying pages back into the
// database and fsyncing: ~45 ms per 2,000 pages here, a stall that every MQTT
// ack, SSE push and page waits behind. A worker thread with its own connection
// runs PASSIVE checkpoints (they never block writers) every second instead; the
// main connection keeps a high autocheckpoint as a safety net, and falls back
// to the usual one if the worker dies. See docs/decisions/2026-11-26-checkpointer.md.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type { Logger } from '../logger.js';

// An eval'd worker (CommonJS) so it runs the same from the bundle and from tsc's output.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const tick = () => {
  try {
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    parentPort.postMessage({ ok: true, walPages: r.log, checkpointed: r.checkpointed });
  } catch (err) {
    parentPort.postMessage({ ok: false, error: String((err && err.message) || err) });
  }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** Pages the WAL may reach before the main connection checkpoints by itself (safety net, ~80 MB). */
export const SAFETY_AUTOCHECKPOINT = 20_000;
/** What the main connection goes back to without the worker. */
export const INLINE_AUTOCHECKPOINT = 2_000;

export interface CheckpointerStats { running: boolean; runs: number; errors: number; walPages: number; lastError: string | null }

export class Checkpointer {
  private worker: Worker | null;
  private stopping = false;
  readonly stats: CheckpointerStats = { running: true, runs: 0, errors: 0, walPages: 0, lastError: null };

  /** `setAutocheckpoint` sets the main connection's wal_autocheckpoint (the store owns that connection). */
  constructor(dbPath: string, private readonly setAutocheckpoint: (pages: number) => void, private readonly log: Logger, intervalMs = 1000) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path: dbPath, driver, intervalMs }, resourceLimits: { maxOldGenerationSizeMb: 16 } });
    this.worker.unref();
    setAutocheckpoint(SAFETY_AUTOCHECKPOINT);
    this.worker.on('message', (m: { ok: true; walPages: number; checkpointed: number } | { ok: false; error: string }) => {
      if (m.ok) {
        this.stats.runs++;
        this.stats.walPages = m.walPages;
      } else {
        this.stats.errors++;
        this.stats.lastError = m.error;
        if (this.stats.errors <= 5 || this.stats.errors % 100 === 0) this.log.warn({ err: m.error, errors: this.stats.errors }, 'background WAL checkpoint failed; will retry');
      }
    });
    this.worker.on('error', (err) => this.fallBack(err.message));
    this.worker.on('exit', (code) => {
      if (!this.stopping) this.fallBack(`worker exited with code ${code}`);
    });
  }

  private fallBack(why: string): void {
    if (!this.stats.running) return;
    this.stats.running = false;
    this.stats.lastError = why;
    this.worker = null;
    this.setAutocheckpoint(INLINE_AUTOCHECKPOINT);
    this.log.error({ err: why }, 'background WAL checkpointer stopped; checkpoints run inline again');
  }

  /** Stops the worker (at most `timeoutMs`); the store's close() does the last checkpoint. */
  async stop(timeoutMs = 1000): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.stopping = true;
    this.worker = null;
    this.stats.running = false;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        void worker.terminate().finally(resolve);
      }, timeoutMs);
      worker.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      worker.postMessage('stop');
    });
    this.setAutocheckpoint(INLINE_AUTOCHECKPOINT);
  }
}
