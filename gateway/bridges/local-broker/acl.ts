// Who may publish and subscribe where on the office's local broker. Pure: no
// aedes, no I/O, so every rule is unit-tested on its own (acl.test.ts).
//
//   internal account  publishes and subscribes anywhere except `$…` topics
//   device {id}       publishes only under office/{officeId}/devices/{id}/…
//                     subscribes to office/{officeId}/state[/…] and its own prefix
//   nobody else       nothing (an unauthenticated or unknown client)
//
// Nobody but the internal account touches the city topic root or the office's
// state topics; `$SYS/` (and every other `$` topic, reserved by MQTT for the
// server) is never published by a client.
import { isValidTopicFilter, isValidTopicName, localTopics, topicUnder } from '../../contract/topics.js';

/** Who a broker client logged in as: the internal account or a configured device (not an HTTP principal: see http/access.ts). */
export type BrokerUser =
  | { kind: 'internal'; username: string }
  | { kind: 'device'; username: string; deviceId: string };

export interface AclScope {
  officeId: string;
  /** The city topic root (config.upstream.topicRoot), e.g. scpm/v1. */
  topicRoot: string;
}

export interface Acl {
  canPublish(user: BrokerUser | null | undefined, topic: string): boolean;
  canSubscribe(user: BrokerUser | null | undefined, filter: string): boolean;
  /** office/{officeId}/devices/{deviceId} (no trailing slash). */
  devicePrefix(deviceId: string): string;
  /** The part of `topic` after the device's prefix, or null when it is not strictly under it. */
  deviceSubtopic(deviceId: string, topic: string): string | null;
  /** office/{officeId}/state (no trailing slash). */
  readonly statePrefix: string;
}

/**
 * True when every topic `filterLevels` can match lies within `prefixLevels`
 * (the prefix itself or below): the filter's first levels are the prefix,
 * literally, with no wildcard among them.
 */
function filterWithin(filterLevels: string[], prefixLevels: string[]): boolean {
  if (filterLevels.length < prefixLevels.length) return false;
  return prefixLevels.every((level, i) => filterLevels[i] === level);
}

/** True when `filterLevels` could match some topic at or below `prefixLevels`. */
function filterReaches(filterLevels: string[], prefixLevels: string[]): boolean {
  for (let i = 0; i < prefixLevels.length; i++) {
    const f = filterLevels[i];
    if (f === undefined) return false;
    if (f === '#') return true;
    if (f !== '+' && f !== prefixLevels[i]) return false;
  }
  return true;
}

export function createAcl(scope: AclScope): Acl {
  const { state: statePrefix, device: devicePrefix } = localTopics(scope.officeId);
  const cityRoot = scope.topicRoot;
  const stateLevels = statePrefix.split('/');
  const cityLevels = cityRoot.split('/');

  const deviceSubtopic = (deviceId: string, topic: string): string | null => {
    const prefix = devicePrefix(deviceId) + '/';
    if (!topic.startsWith(prefix) || topic.length === prefix.length) return null;
    return topic.slice(prefix.length);
  };

  return {
    statePrefix,
    devicePrefix,
    deviceSubtopic,

    canPublish(user, topic) {
      if (!user || !isValidTopicName(topic) || topic.startsWith('$')) return false;
      if (user.kind === 'internal') return true;
      // Explicit even though a device prefix never lies there in a sane config:
      // a topic root configured under office/… must not open it to devices.
      if (topicUnder(topic, cityRoot) || topicUnder(topic, statePrefix)) return false;
      return deviceSubtopic(user.deviceId, topic) !== null;
    },

    canSubscribe(user, filter) {
      if (!user || !isValidTopicFilter(filter) || filter.startsWith('$')) return false;
      if (user.kind === 'internal') return true;
      const levels = filter.split('/');
      if (filterReaches(levels, cityLevels)) return false;
      return filterWithin(levels, stateLevels) || filterWithin(levels, devicePrefix(user.deviceId).split('/'));
    },
  };
}
