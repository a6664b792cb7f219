// When to restart the kiosk's browser: the wall page sends the gateway a
// heartbeat; the gateway reports its age in /healthz. A heartbeat older than
// the timeout while the gateway is up means a hung renderer, "Aw, Snap!" or an
// error page: restart. A gateway that is down, starting, stopping or in safe
// mode is not a reason (the start page waits for it). Restarts are rate
// limited so a page that can never heartbeat does not become a restart loop.
// Pure: the caller gives the time.

/** What one look at GET /healthz found. */
export type GatewayObservation =
  /** No answer (refused, timed out, not HTTP). */
  | { kind: 'down' }
  /** Answered, but not serving the wall: starting, stopping, config-error, or a status we do not know. */
  | { kind: 'not-serving'; status: string }
  /**
   * Serving. `heartbeatAgeMs` is the age of this screen's last heartbeat
   * (null: none since the gateway started); `reportsHeartbeats` is false for
   * a gateway whose /healthz has no `screens` at all (it cannot be judged).
   */
  | { kind: 'up'; reportsHeartbeats: boolean; heartbeatAgeMs: number | null };

export interface WatchdogPolicy {
  /** No heartbeat for this long (gateway up, browser up) → restart. */
  timeoutMs: number;
  /** At most this many watchdog restarts per window. */
  maxRestarts: number;
  windowMs: number;
  /** Gap before a second consecutive restart; doubles per further one, up to maxGapMs. */
  minGapMs: number;
  maxGapMs: number;
}

export const DEFAULT_POLICY: Omit<WatchdogPolicy, 'timeoutMs'> = {
  maxRestarts: 6,
  windowMs: 60 * 60_000,
  minGapMs: 60_000,
  maxGapMs: 15 * 60_000,
};

export interface WatchdogState {
  /** Since when the gateway has been seen serving without a break; null when it is not. */
  upSince: number | null;
  /** When the browser was last (re)started, for whatever reason. */
  browserStartedAt: number;
  /** Watchdog restarts within the window (oldest first). */
  restarts: number[];
  /** Watchdog restarts since the last fresh heartbeat. */
  consecutive: number;
}

export type WatchdogDecision =
  | { action: 'none'; reason: 'gateway-not-serving' | 'no-heartbeat-reporting' | 'grace' | 'fresh' }
  | { action: 'restart'; reason: 'heartbeat-stale' | 'no-heartbeat'; ageMs: number | null }
  | { action: 'hold'; reason: 'rate-limited'; until: number };

export function initialState(now: number): WatchdogState {
  return { upSince: null, browserStartedAt: now, restarts: [], consecutive: 0 };
}

/** The browser was (re)started (a crash restart by the supervisor, or ours): a new grace period. */
export function browserStarted(state: WatchdogState, now: number): WatchdogState {
  return { ...state, browserStartedAt: now };
}

function gapAfter(consecutive: number, p: WatchdogPolicy): number {
  if (consecutive <= 0) return 0;
  return Math.min(p.maxGapMs, p.minGapMs * 2 ** (consecutive - 1));
}

export function decide(state: WatchdogState, obs: GatewayObservation, now: number, p: WatchdogPolicy): { state: WatchdogState; decision: WatchdogDecision } {
  const restarts = state.restarts.filter((t) => now - t < p.windowMs);
  if (obs.kind !== 'up') {
    return { state: { ...state, restarts, upSince: null }, decision: { action: 'none', reason: 'gateway-not-serving' } };
  }
  const upSince = state.upSince ?? now;
  const base = { ...state, restarts, upSince };
  if (!obs.reportsHeartbeats) return { state: base, decision: { action: 'none', reason: 'no-heartbeat-reporting' } };
  // Judge only once both the gateway and this browser have been up for a full timeout.
  if (now - Math.max(upSince, state.browserStartedAt) < p.timeoutMs) return { state: base, decision: { action: 'none', reason: 'grace' } };
  const fresh = obs.heartbeatAgeMs !== null && obs.heartbeatAgeMs <= p.timeoutMs;
  if (fresh) return { state: { ...base, consecutive: 0 }, decision: { action: 'none', reason: 'fresh' } };
  const last = restarts[restarts.length - 1];
  const notBefore = Math.max(
    last === undefined ? 0 : last + gapAfter(state.consecutive, p),
    restarts.length >= p.maxRestarts ? restarts[restarts.length - p.maxRestarts]! + p.windowMs : 0,
  );
  if (now < notBefore) return { state: base, decision: { action: 'hold', reason: 'rate-limited', until: notBefore } };
  return {
    state: { ...base, restarts: [...restarts, now], consecutive: state.consecutive + 1, browserStartedAt: now },
    decision: { action: 'restart', reason: obs.heartbeatAgeMs === null ? 'no-heartbeat' : 'heartbeat-stale', ageMs: obs.heartbeatAgeMs },
  };
}

const MAX_BODY_CHARS = 256 * 1024;

/**
 * A /healthz answer (status code and body text) as an observation for one
 * screen. The body is input from another process: anything unexpected counts
 * as "not serving" or "no heartbeat reporting", never a throw.
 */
export function observeHealth(httpStatus: number, bodyText: string, screen: string): GatewayObservation {
  if (bodyText.length > MAX_BODY_CHARS) return { kind: 'not-serving', status: 'oversized-answer' };
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return { kind: 'not-serving', status: `http-${httpStatus}` };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { kind: 'not-serving', status: `http-${httpStatus}` };
  const b = body as Record<string, unknown>;
  const status = typeof b.status === 'string' ? b.status.slice(0, 40) : `http-${httpStatus}`;
  if (httpStatus !== 200 || (status !== 'ok' && status !== 'degraded')) return { kind: 'not-serving', status };
  const screens = b.screens;
  if (screens === null || typeof screens !== 'object' || Array.isArray(screens)) return { kind: 'up', reportsHeartbeats: false, heartbeatAgeMs: null };
  const entry = Object.hasOwn(screens, screen) ? (screens as Record<string, unknown>)[screen] : undefined;
  const age = entry !== null && typeof entry === 'object' ? (entry as Record<string, unknown>).ageMs : undefined;
  const heartbeatAgeMs = typeof age === 'number' && Number.isFinite(age) && age >= 0 ? age : null;
  return { kind: 'up', reportsHeartbeats: true, heartbeatAgeMs };
}
