// SIGTERM and SIGINT: stop in order within the deadline, then exit; whatever
// hangs, the process is gone by SHUTDOWN_DEADLINE_MS (systemd and the kiosk
// restart it). Returns whether a shutdown has begun.
import type { Logger } from '../logger.js';

/** The gateway's promise: gone within 5 s of SIGTERM (with margin). */
export const SHUTDOWN_DEADLINE_MS = 4500;

export function onShutdownSignals(log: Logger, stop: () => Promise<void>): () => boolean {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    try {
      await stop();
      log.info('stopped');
      process.exit(0);
    } catch (err) {
      log.error({ err: (err as Error).message }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return () => stopping;
}
