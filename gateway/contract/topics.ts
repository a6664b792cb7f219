// Every MQTT topic the gateway speaks, built and read in one place: the city
// contract under the topic root (contract § Entities), the office's own topics
// on the city broker, the office's topics on its local broker, and the MQTT
// topic grammar (3.1.1 §4.7) they all obey.
import type { CityMessage, EntityKind } from './city-message.js';

/** The topic level of each kind of city entity. */
export const ENTITY_COLLECTIONS = { incident: 'incidents', complaint: 'complaints', poll: 'polls', pledge: 'pledges', trend: 'trends' } as const satisfies Record<EntityKind, string>;

/** The city's topics under `root` (what the city publishes and the simulator plays). */
export const cityTopics = {
  all: (root: string) => `${root}/#`,
  entity: (root: string, kind: EntityKind, id: string) => `${root}/${ENTITY_COLLECTIONS[kind]}/${id}`,
  indicatorDef: (root: string, id: string) => `${root}/catalog/indicators/${id}`,
  indicatorValue: (root: string, v: { indicator: string; district: string; gender: string; ageBand: string }) =>
    `${root}/indicators/${v.indicator}/${v.district}/${v.gender}/${v.ageBand}`,
  urban: (root: string, metric: string, district: string) => `${root}/urban/${metric}/${district}`,
};

/** The office's topics on the city broker. */
export function officeTopics(root: string, officeId: string) {
  const office = `${root}/offices/${officeId}`;
  return {
    /** Every office's topics start so; this office reads only its order-status among them. */
    offices: `${root}/offices/`,
    /** Retained `{"online": …}`; the office's last will says false. */
    status: `${office}/status`,
    /** Where the office publishes its orders (the city broker's ACL must allow it). */
    orders: `${office}/orders`,
    /** The city's answers, one topic per order id under it. */
    orderStatus: `${office}/order-status/`,
  };
}

/** The office's topics on its local broker: the gateway's state, and one prefix per device. */
export function localTopics(officeId: string) {
  return {
    /** office/{id}/state (no trailing slash): link, screens/{screen}, changes. */
    state: `office/${officeId}/state`,
    /** office/{id}/devices/{deviceId} (no trailing slash). */
    device: (deviceId: string) => `office/${officeId}/devices/${deviceId}`,
  };
}

export type TopicRoute = { kind: CityMessage['kind']; keys: Record<string, string> };

const COLLECTION_KINDS = new Map<string, EntityKind>(Object.entries(ENTITY_COLLECTIONS).map(([kind, level]) => [level, kind as EntityKind]));

/** Maps a topic under the root to an entity and the keys its topic names (contract § Entities). */
export function routeTopic(topic: string, root: string, officeId: string): TopicRoute | null {
  if (!topic.startsWith(root + '/')) return null;
  const [head, ...rest] = topic.slice(root.length + 1).split('/');
  if (rest.some((p) => p === '')) return null;
  switch (head) {
    case 'catalog':
      return rest.length === 2 && rest[0] === 'indicators' ? { kind: 'indicator-def', keys: { id: rest[1]! } } : null;
    case 'indicators':
      return rest.length === 4 ? { kind: 'indicator-value', keys: { indicator: rest[0]!, district: rest[1]!, gender: rest[2]!, ageBand: rest[3]! } } : null;
    case 'urban':
      return rest.length === 2 ? { kind: 'urban', keys: { metric: rest[0]!, district: rest[1]! } } : null;
    case 'offices':
      return rest.length === 3 && rest[0] === officeId && rest[1] === 'order-status' ? { kind: 'order-status', keys: { orderId: rest[2]! } } : null;
    default: {
      const kind = head === undefined ? undefined : COLLECTION_KINDS.get(head);
      return kind && rest.length === 1 ? { kind, keys: { id: rest[0]! } } : null;
    }
  }
}

/** A topic name a client may publish to: non-empty, no wildcards, no NUL. */
export function isValidTopicName(topic: string): boolean {
  return topic.length > 0 && !topic.includes('+') && !topic.includes('#') && !topic.includes('\u0000');
}

/** A subscription filter: non-empty, no NUL, `+` and `#` only as whole levels, `#` only last. */
export function isValidTopicFilter(filter: string): boolean {
  if (filter.length === 0 || filter.includes('\u0000')) return false;
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level === '#') {
      if (i !== levels.length - 1) return false;
    } else if (level !== '+' && (level.includes('#') || level.includes('+'))) {
      return false;
    }
  }
  return true;
}

/** True when `topic` is `prefix` itself or below it (level-aware: a/b does not cover a/bc). */
export function topicUnder(topic: string, prefix: string): boolean {
  return topic === prefix || topic.startsWith(prefix + '/');
}

/** True when `filter` (§4.7) matches the topic name `topic`. */
export function topicMatches(filter: string, topic: string): boolean {
  // §4.7.2: a filter starting with a wildcard does not match a topic starting with `$`.
  if (topic.startsWith('$') && (filter.startsWith('#') || filter.startsWith('+'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    const level = f[i]!;
    // `#` matches the parent level and any number of child levels (§4.7.1.2).
    if (level === '#') return i === f.length - 1;
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return f.length === t.length;
}
