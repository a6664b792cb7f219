import { describe, expect, it } from 'vitest';
import { QUIET_ROOT_AFTER_MS, quietRootHint } from './quiet-root.js';

const T0 = 1_800_000_000_000;

describe('quietRootHint', () => {
  it('says nothing while the link is down, or up for less than the bound', () => {
    expect(quietRootHint({ topicRoot: 'scpm/v2', connectedSince: null, lastCityMessageMs: null, now: T0 })).toBeNull();
    expect(quietRootHint({ topicRoot: 'scpm/v2', connectedSince: T0, lastCityMessageMs: null, now: T0 + QUIET_ROOT_AFTER_MS - 1 })).toBeNull();
  });

  it('names the key, its value and the contract\'s root once the link has been up and silent for the bound', () => {
    expect(quietRootHint({ topicRoot: 'scpm/v2', connectedSince: T0, lastCityMessageMs: null, now: T0 + QUIET_ROOT_AFTER_MS + 61_000 })).toBe(
      'connected for 6 min and no city message came under "scpm/v2/#": check upstream.topicRoot ("scpm/v2") against the topics the city publishes (the contract\'s root is "scpm/v1"), and that this office\'s account may read them');
  });

  it('points at the broker and its ACL when the root is the contract\'s own', () => {
    expect(quietRootHint({ topicRoot: 'scpm/v1', connectedSince: T0, lastCityMessageMs: null, now: T0 + QUIET_ROOT_AFTER_MS })).toMatch(/^connected for 5 min and no city message came under "scpm\/v1\/#": check that the city publishes to this broker, and that this office's account may read "scpm\/v1\/#"/);
  });

  it('counts only messages since the link came up: one from an earlier connection does not clear it, one since does', () => {
    const now = T0 + QUIET_ROOT_AFTER_MS;
    expect(quietRootHint({ topicRoot: 'scpm/v2', connectedSince: T0, lastCityMessageMs: T0 - 1, now })).not.toBeNull();
    expect(quietRootHint({ topicRoot: 'scpm/v2', connectedSince: T0, lastCityMessageMs: T0, now })).toBeNull();
  });
});
