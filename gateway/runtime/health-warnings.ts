// What /healthz lists under `warnings`: problems worth a technician's look
// that do not make the gateway degraded.
import type { Ingestor } from '../ingest/ingestor.js';
import type { Store } from '../store/store.js';
import { recoveryWarning, type StoreRecovery } from '../store/open.js';

export function healthWarnings(ingestor: Ingestor, store: Store, recovery: StoreRecovery | null): string[] {
  return [
    ingestor.futureTs.warning(),
    recovery ? recoveryWarning(recovery) : null,
    store.corruptionReported ? 'store: SQLite reported corruption while running; restart the service to check the database (a corrupt one is moved aside)' : null,
  ].filter((w): w is string => w !== null);
}
