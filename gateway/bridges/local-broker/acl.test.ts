import { describe, it, expect } from 'vitest';
import { createAcl, type BrokerUser } from './acl.js';
import { isValidTopicFilter, isValidTopicName } from '../../contract/topics.js';

const acl = createAcl({ officeId: 'demo', topicRoot: 'scpm/v1' });
const internal: BrokerUser = { kind: 'internal', username: 'scpm-internal-abc' };
const tablet1: BrokerUser = { kind: 'device', username: 'tab1', deviceId: 'tablet-1' };
const tablet10: BrokerUser = { kind: 'device', username: 'tab10', deviceId: 'tablet-10' };

describe('canPublish: devices', () => {
  it.each([
    'office/demo/devices/tablet-1/gesture',
    'office/demo/devices/tablet-1/voice/command',
    'office/demo/devices/tablet-1/a/b/c/d',
    'office/demo/devices/tablet-1//double-slash',
  ])('allows its own prefix: %s', (topic) => {
    expect(acl.canPublish(tablet1, topic)).toBe(true);
  });

  it.each([
    ['another device', 'office/demo/devices/tablet-2/gesture'],
    ['a device whose id starts with its own (tablet-10)', 'office/demo/devices/tablet-10/x'],
    ['its own prefix without a subtopic', 'office/demo/devices/tablet-1'],
    ['its own prefix with an empty subtopic', 'office/demo/devices/tablet-1/'],
    ['its id glued to more text', 'office/demo/devices/tablet-1x/gesture'],
    ['another office', 'office/other/devices/tablet-1/gesture'],
    ['the devices root', 'office/demo/devices'],
    ['the city root', 'scpm/v1'],
    ['under the city root', 'scpm/v1/incidents/inc-1'],
    ['the office orders on the city root', 'scpm/v1/offices/demo/orders'],
    ['the state prefix', 'office/demo/state'],
    ['under the state prefix', 'office/demo/state/link'],
    ['a state screen', 'office/demo/state/screens/wall'],
    ['$SYS', '$SYS/broker/heartbeat'],
    ['another $ topic', '$share/x/office/demo/devices/tablet-1/x'],
    ['a leading slash before its prefix', '/office/demo/devices/tablet-1/x'],
    ['a + wildcard', 'office/demo/devices/tablet-1/+'],
    ['a # wildcard', 'office/demo/devices/tablet-1/#'],
    ['a NUL byte', 'office/demo/devices/tablet-1/a\u0000b'],
    ['an empty topic', ''],
    ['an unrelated topic', 'some/topic'],
  ])('denies %s', (_why, topic) => {
    expect(acl.canPublish(tablet1, topic)).toBe(false);
  });

  it('tablet-10 has its own prefix, and tablet-1 is not in it', () => {
    expect(acl.canPublish(tablet10, 'office/demo/devices/tablet-10/x')).toBe(true);
    expect(acl.canPublish(tablet10, 'office/demo/devices/tablet-1/x')).toBe(false);
  });
});

describe('canPublish: internal account and nobody', () => {
  it.each(['scpm/v1/incidents/inc-1', 'scpm/v1/offices/demo/status', 'office/demo/state/link', 'office/demo/devices/tablet-1/x', 'anything/else'])(
    'internal may publish %s',
    (topic) => {
      expect(acl.canPublish(internal, topic)).toBe(true);
    },
  );

  it.each(['$SYS/broker/x', '$SYS', '$other/x', 'scpm/v1/+', 'scpm/#', ''])('internal may not publish %s', (topic) => {
    expect(acl.canPublish(internal, topic)).toBe(false);
  });

  it('an unknown (null/undefined) principal may publish nowhere', () => {
    expect(acl.canPublish(null, 'office/demo/devices/tablet-1/x')).toBe(false);
    expect(acl.canPublish(undefined, 'scpm/v1/incidents/inc-1')).toBe(false);
  });
});

describe('canSubscribe: devices', () => {
  it.each([
    'office/demo/state/#',
    'office/demo/state/link',
    'office/demo/state/screens/+',
    'office/demo/state/screens/wall',
    'office/demo/state/changes',
    'office/demo/state',
    'office/demo/devices/tablet-1/#',
    'office/demo/devices/tablet-1/commands/+',
  ])('allows %s', (filter) => {
    expect(acl.canSubscribe(tablet1, filter)).toBe(true);
  });

  it.each([
    ['everything', '#'],
    ['one level of everything', '+'],
    ['the city root', 'scpm/v1/#'],
    ['the city root itself', 'scpm/v1'],
    ['a wildcard reaching the city root', '+/v1/incidents/#'],
    ['a wildcard reaching the city root (2)', 'scpm/+/incidents/#'],
    ['a city topic', 'scpm/v1/incidents/inc-1'],
    ['$SYS', '$SYS/#'],
    ['another $ topic', '$share/g/office/demo/state/#'],
    ['all offices state', 'office/+/state/#'],
    ['all of the office', 'office/demo/#'],
    ['the office with a wildcard for "state"', 'office/demo/+/link'],
    ['all devices', 'office/demo/devices/#'],
    ['any device', 'office/demo/devices/+/gesture'],
    ['another device', 'office/demo/devices/tablet-2/#'],
    ['a device whose id starts with its own (tablet-10)', 'office/demo/devices/tablet-10/#'],
    ['another office', 'office/other/state/#'],
    ['a # glued to a level (invalid filter)', 'office/demo/state#'],
    ['a + glued to a level (invalid filter)', 'office/demo/state/screens+'],
    ['# not last (invalid filter)', 'office/demo/state/#/x'],
    ['an empty filter', ''],
    ['a leading slash', '/office/demo/state/#'],
  ])('denies %s', (_why, filter) => {
    expect(acl.canSubscribe(tablet1, filter)).toBe(false);
  });
});

describe('canSubscribe: internal account and nobody', () => {
  it.each(['#', 'scpm/v1/#', 'office/demo/devices/#', '+/+'])('internal may subscribe %s', (filter) => {
    expect(acl.canSubscribe(internal, filter)).toBe(true);
  });

  it.each(['$SYS/#', '$SYS/+/heartbeat', 'a/#/b', ''])('internal may not subscribe %s', (filter) => {
    expect(acl.canSubscribe(internal, filter)).toBe(false);
  });

  it('an unknown principal may subscribe nowhere', () => {
    expect(acl.canSubscribe(null, 'office/demo/state/#')).toBe(false);
  });
});

describe('a city root configured under office/… stays closed to devices', () => {
  const odd = createAcl({ officeId: 'demo', topicRoot: 'office/demo/state/city' });
  it('denies publishing and subscribing there even though it lies under the state prefix', () => {
    expect(odd.canSubscribe(tablet1, 'office/demo/state/#')).toBe(false);
    expect(odd.canSubscribe(tablet1, 'office/demo/state/city/x')).toBe(false);
    expect(odd.canSubscribe(tablet1, 'office/demo/state/link')).toBe(true);
  });
  const odd2 = createAcl({ officeId: 'demo', topicRoot: 'office/demo/devices/tablet-1/city' });
  it('denies a device publishing under a city root inside its own prefix', () => {
    expect(odd2.canPublish(tablet1, 'office/demo/devices/tablet-1/city/x')).toBe(false);
    expect(odd2.canPublish(tablet1, 'office/demo/devices/tablet-1/gesture')).toBe(true);
  });
});

describe('helpers', () => {
  it('deviceSubtopic returns what follows the prefix, or null', () => {
    expect(acl.deviceSubtopic('tablet-1', 'office/demo/devices/tablet-1/voice/cmd')).toBe('voice/cmd');
    expect(acl.deviceSubtopic('tablet-1', 'office/demo/devices/tablet-10/voice')).toBeNull();
    expect(acl.deviceSubtopic('tablet-1', 'office/demo/devices/tablet-1/')).toBeNull();
    expect(acl.deviceSubtopic('tablet-1', 'office/demo/devices/tablet-1')).toBeNull();
  });

  it('prefixes', () => {
    expect(acl.devicePrefix('tablet-1')).toBe('office/demo/devices/tablet-1');
    expect(acl.statePrefix).toBe('office/demo/state');
  });

  it('validates topic names and filters', () => {
    expect(isValidTopicName('a/b')).toBe(true);
    expect(isValidTopicName('a/+')).toBe(false);
    expect(isValidTopicName('a/#')).toBe(false);
    expect(isValidTopicName('')).toBe(false);
    expect(isValidTopicFilter('a/+/b/#')).toBe(true);
    expect(isValidTopicFilter('#')).toBe(true);
    expect(isValidTopicFilter('a/b#')).toBe(false);
    expect(isValidTopicFilter('a/#/b')).toBe(false);
    expect(isValidTopicFilter('a/b+/c')).toBe(false);
    expect(isValidTopicFilter('a/\u0000')).toBe(false);
  });
});
