// The broker's retained messages, in the store: opened once per process and
// kept across broker restarts. What a previous run left under the city root
// (the demo city, which the simulator publishes anew at every start; the city
// never publishes here outside demo mode) and the link state (stale until the
// first link event) is dropped; the rest (screen states) is served again.
// See docs/decisions/2026-11-26-broker-retained.md.
import type { Logger } from '../../logger.js';
import type { RateLimitedLog } from '../../log/rate-limited.js';
import type { RetainedStore } from '../../store/retained.js';
import type { Services } from '../services.js';
import { MAX_RETAINED_TOPICS, RETAINED_FLUSH_MS } from './limits.js';

export function openBrokerRetained(o: { open: Services['broker-retained']['open']; cityRoot: string; statePrefix: string; log: Logger; limited: RateLimitedLog }): RetainedStore {
  const { limited } = o;
  const r = o.open({
    maxTopics: MAX_RETAINED_TOPICS,
    flushMs: RETAINED_FLUSH_MS,
    onRefused: (topic, held) => limited('retained-refused', 'warn', { topic: topic.slice(0, 200), held, max: MAX_RETAINED_TOPICS, refused: r.refused },
      'local broker: retained topic limit reached; message delivered but not retained'),
    // A full disk fails every flush: rate-limited like the rest.
    onError: (err, dropped) => limited(dropped ? 'retained-store-failed' : 'retained-read-failed', 'error', { err: err.message, dropped }, dropped
      ? 'local broker: retained messages could not be stored; dropped'
      : 'local broker: retained messages could not be read; a subscriber got fewer'),
  });
  const city = r.deleteUnder(o.cityRoot);
  const link = r.deleteUnder(`${o.statePrefix}/link`);
  o.log.info({ kept: r.size, droppedCity: city, droppedLink: link }, 'local broker: retained messages of the previous run');
  return r;
}
