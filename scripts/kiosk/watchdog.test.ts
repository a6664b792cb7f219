import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_POLICY, browserStarted, decide, initialState, observeHealth, type GatewayObservation, type WatchdogPolicy, type WatchdogState } from './watchdog.js';

const policy: WatchdogPolicy = { ...DEFAULT_POLICY, timeoutMs: 30_000 };
const up = (ageMs: number | null): GatewayObservation => ({ kind: 'up', reportsHeartbeats: true, heartbeatAgeMs: ageMs });
const down: GatewayObservation = { kind: 'down' };

/** Runs the watchdog on a fake clock: one look every `everyMs`, `obs(now)` says what /healthz shows. */
function simulate(untilMs: number, everyMs: number, obs: (now: number, restarts: number[]) => GatewayObservation, p = policy) {
  let state: WatchdogState = initialState(0);
  const restarts: number[] = [];
  for (let now = everyMs; now <= untilMs; now += everyMs) {
    const r = decide(state, obs(now, restarts), now, p);
    state = r.state;
    if (r.decision.action === 'restart') restarts.push(now);
  }
  return restarts;
}

describe('kiosk heartbeat watchdog', () => {
  it('restarts once the heartbeat is older than the timeout while the gateway is up', () => {
    // Heartbeats every 2 s until t = 60 s, then the page hangs.
    const restarts = simulate(200_000, 5000, (now, r) => {
      const lastRestart = r[r.length - 1] ?? -Infinity;
      if (now > lastRestart && lastRestart > 0) return up(0); // the restarted page heartbeats again
      return up(now < 60_000 ? 1000 : now - 60_000);
    });
    expect(restarts).toEqual([95_000]);
  });

  it('never restarts while the heartbeat is fresh', () => {
    expect(simulate(3_600_000, 5000, () => up(1500))).toEqual([]);
  });

  it('a stopped gateway is not a reason (the start page waits for it), nor a gateway in safe mode or starting', () => {
    expect(simulate(3_600_000, 5000, () => down)).toEqual([]);
    expect(simulate(3_600_000, 5000, () => ({ kind: 'not-serving', status: 'config-error' }))).toEqual([]);
    expect(simulate(3_600_000, 5000, () => ({ kind: 'not-serving', status: 'starting' }))).toEqual([]);
  });

  it('a gateway that reports no heartbeats at all (older version) is never judged', () => {
    expect(simulate(3_600_000, 5000, () => ({ kind: 'up', reportsHeartbeats: false, heartbeatAgeMs: null }))).toEqual([]);
  });

  it('gives the gateway a full timeout after it comes back before judging (its heartbeat table starts empty)', () => {
    // Down until 100 s; then up with no heartbeat from this screen yet.
    const restarts = simulate(200_000, 5000, (now) => (now < 100_000 ? down : up(null)));
    expect(restarts[0]).toBe(130_000);
  });

  it('gives a browser started by the supervisor (after a crash) a full timeout too', () => {
    let state = initialState(0);
    state = decide(state, up(50_000), 40_000, policy).state;
    state = browserStarted(state, 41_000);
    expect(decide(state, up(60_000), 70_000, policy).decision).toEqual({ action: 'none', reason: 'grace' });
    expect(decide(state, up(60_000), 71_000, policy).decision.action).toBe('restart');
  });

  it('a page that never heartbeats is restarted with growing gaps and at most maxRestarts per hour: no restart loop', () => {
    const restarts = simulate(2 * 3_600_000, 1000, () => up(null));
    const firstHour = restarts.filter((t) => t <= 3_600_000);
    expect(firstHour.length).toBeLessThanOrEqual(policy.maxRestarts);
    const gaps = restarts.slice(1).map((t, i) => t - restarts[i]!);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(policy.minGapMs);
    // Gaps grow (up to the cap), so restarts thin out.
    expect(gaps[1]!).toBeGreaterThan(gaps[0]!);
    // Never silent for longer than the window: it keeps trying, slowly.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(policy.windowMs);
    expect(restarts.length).toBeGreaterThan(policy.maxRestarts);
    // Any hour-long window holds at most maxRestarts.
    for (const t of restarts) expect(restarts.filter((u) => u >= t && u < t + policy.windowMs).length).toBeLessThanOrEqual(policy.maxRestarts);
  });

  it('reports a rate-limited hold with the time it may restart again', () => {
    let state = decide(initialState(0), up(null), 1000, policy).state;
    const first = decide(state, up(null), 31_000, policy);
    expect(first.decision.action).toBe('restart');
    state = first.state;
    const held = decide(state, up(null), 62_000, policy);
    expect(held.decision).toEqual({ action: 'hold', reason: 'rate-limited', until: 91_000 });
  });

  it('a fresh heartbeat after restarts resets the gaps', () => {
    let state = decide(initialState(0), up(null), 1000, policy).state;
    state = decide(state, up(null), 31_000, policy).state;
    state = decide(state, up(null), 95_000, policy).state;
    expect(state.consecutive).toBe(2);
    state = decide(state, up(100), 200_000, policy).state;
    expect(state.consecutive).toBe(0);
  });

  it('never restarts for any sequence of observations in which the gateway is never up', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constant(down), fc.constantFrom('starting', 'stopping', 'config-error', 'weird').map((s): GatewayObservation => ({ kind: 'not-serving', status: s }))), { maxLength: 200 }), (seq) => {
      let state = initialState(0);
      let now = 0;
      for (const obs of seq) {
        now += 5000;
        const r = decide(state, obs, now, policy);
        if (r.decision.action === 'restart') return false;
        state = r.state;
      }
      return true;
    }));
  });
});

describe('/healthz as seen by the kiosk', () => {
  it('reads the screen heartbeat age of a serving gateway', () => {
    expect(observeHealth(200, JSON.stringify({ status: 'ok', screens: { wall: { lastHeartbeatMs: 1, ageMs: 1234 } } }), 'wall')).toEqual(up(1234));
    expect(observeHealth(200, JSON.stringify({ status: 'degraded', screens: {} }), 'wall')).toEqual(up(null));
    expect(observeHealth(200, JSON.stringify({ status: 'ok' }), 'wall')).toEqual({ kind: 'up', reportsHeartbeats: false, heartbeatAgeMs: null });
  });

  it('treats starting, stopping, safe mode and odd answers as not serving', () => {
    expect(observeHealth(503, JSON.stringify({ status: 'starting' }), 'wall')).toEqual({ kind: 'not-serving', status: 'starting' });
    expect(observeHealth(200, JSON.stringify({ status: 'config-error', problems: ['x'] }), 'wall')).toEqual({ kind: 'not-serving', status: 'config-error' });
    expect(observeHealth(200, '<html>', 'wall')).toEqual({ kind: 'not-serving', status: 'http-200' });
    expect(observeHealth(500, JSON.stringify({ status: 'ok' }), 'wall').kind).toBe('not-serving');
  });

  it('never throws on hostile bodies, and a bad age is "no heartbeat"', () => {
    expect(observeHealth(200, JSON.stringify({ status: 'ok', screens: { wall: { ageMs: -5 } } }), 'wall')).toEqual(up(null));
    expect(observeHealth(200, JSON.stringify({ status: 'ok', screens: { wall: { ageMs: 'old' } } }), 'wall')).toEqual(up(null));
    expect(observeHealth(200, JSON.stringify({ status: 'ok', screens: { __proto__: { ageMs: 1 } } }), '__proto__')).toEqual(up(null));
    expect(observeHealth(200, 'x'.repeat(300_000), 'wall').kind).toBe('not-serving');
    fc.assert(fc.property(fc.integer({ min: 100, max: 599 }), fc.oneof(fc.string(), fc.json()), fc.string(), (code, body, screen) => {
      const o = observeHealth(code, body, screen);
      return ['up', 'down', 'not-serving'].includes(o.kind);
    }));
  });
});
