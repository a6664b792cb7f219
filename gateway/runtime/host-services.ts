// What the host offers bridges (declared in bridges/services.ts): the ingest
// path, the orders outbox, the city link's state and the broker's retained
// store, each a narrow door into the store and the bus.
import type { Bus } from '../bus.js';
import type { Ingestor } from '../ingest/ingestor.js';
import type { Metrics } from '../metrics.js';
import type { Store } from '../store/store.js';
import { RetainedStore } from '../store/retained.js';
import type { Services } from '../bridges/services.js';
import { REJECT_REASONS } from '../contract/messages.js';

export function hostServices(store: Store, bus: Bus, ingestor: Ingestor, metrics: Metrics): Partial<Services> {
  return {
    ingest: {
      accept: (topic, payload, qos, receivedMs) => ingestor.accept(topic, payload, qos, receivedMs),
      stats: () => ({ ingested: metrics.ingested, rejected: REJECT_REASONS.reduce((n, r) => n + metrics.rejected[r], 0) }),
    },
    orders: {
      due: (nowMs, limit) => store.orders.due(nowMs, limit),
      nextRetryAt: () => store.orders.nextRetryAt(),
      markSent: (id, atMs) => store.orders.markSent(id, atMs),
      markRefused: (id, code, error, atMs, retryAtMs) => store.orders.markRefused(id, code, error, atMs, retryAtMs),
      markFailed: (id, error) => store.orders.markFailed(id, error),
      flagUnconfirmed: (sentBeforeMs, nowMs) => store.orders.flagUnconfirmed(sentBeforeMs, nowMs),
      pendingCount: () => store.orders.pendingCount(),
      counts: () => store.orders.counts(),
      inState: (state, limit) => store.orders.list({ state, limit, offset: 0 }),
    },
    link: {
      set(up) {
        const at = Date.now();
        try {
          store.recordLink(up, at);
        } catch (err) {
          // A full (or failing) store loses this line of the link's history, never the link event itself.
          store.noteWriteError(err);
        }
        bus.emit('link', { up, at });
      },
    },
    'broker-retained': { open: (opts) => new RetainedStore(store, opts) },
  };
}
