// SIGTERM and SIGINT: stop in order within the deadlines below, then exit;
// whatever hangs, the process is gone by SHUTDOWN.deadlineMs (systemd and the
// kiosk restart it). Returns whether a shutdown has begun.
import type { Logger } from '../logger.js';
import { EXIT } from './exit-codes.js';

/** Every shutdown deadline, in one place. The gateway's promise: gone within 5 s of SIGTERM (with margin). */
export const SHUTDOWN = {
  /** The whole shutdown; past it the process exits regardless. */
  deadlineMs: 4500,
  /** Bridges stopping (a bridge past it is abandoned). */
  bridgesMs: 1500,
  /** Child processes still running after their bridges stopped: SIGTERM, then SIGKILL at this. */
  processesMs: 1000,
} as const;

export function onShutdownSignals(log: Logger, stop: () => Promise<void>): () => boolean {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown deadline passed; exiting');
      process.exit(EXIT.failure);
    }, SHUTDOWN.deadlineMs).unref();
    try {
      await stop();
      log.info('stopped');
      process.exit(EXIT.ok);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'shutdown failed');
      process.exit(EXIT.failure);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return () => stopping;
}
