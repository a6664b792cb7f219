// Publish → DOM latency of one figure, through the probe (probe.ts): values
// published at a rate, each unique (its digits are the token the probe reads),
// the publisher's wall clock at send against the page's at the DOM change
// (same machine, same clock: both read as performance.timeOrigin + now(), to a
// fraction of a millisecond).
import type { MqttClient } from 'mqtt';
import { kstIso } from '../rig/payloads.js';
import { sleep } from '../rig/wait.js';
import type { Probe } from './probe.js';

export interface LatencyStats {
  rate: number; sent: number; shown: number;
  p50: number; p99: number; max: number;
  /** Send → the DOM shows this value or a newer one, over every value sent. */
  covP50: number; covP99: number;
  /** The last value sent → the DOM shows it. */
  last: number;
  /** The page's share (single updates only): the chunk carrying a value reaches the page's JavaScript → the DOM change. */
  browserP50: number; browserP99: number;
  /** The DOM change → the next animation frame: the compositor's clock (single updates only). */
  frameP50: number; frameP99: number;
}

export function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** `pct` of values in any order. */
export function pctOf(values: readonly number[], p: number): number {
  return pct([...values].sort((a, b) => a - b), p);
}

export const TOPIC = 'scpm/v1/urban/pm25/11230';

/** Wall-clock ms with a fraction, as the probe's page reads it. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export function payload(value: number, tsMs: number): string {
  return JSON.stringify({ metric: 'pm25', district: '11230', value, unit: 'ug/m3', ts: kstIso(tsMs) });
}

/** Publishes `value` until the probe shows it (a target is live once it does); false after `timeoutMs`. */
export async function warmUp(client: MqttClient, probe: Probe, value: number, tsMs: number, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    client.publish(TOPIC, payload(value, tsMs), { qos: 0 });
    const until = Date.now() + 1000;
    while (Date.now() < until) {
      if (await probe.has(String(value))) return true;
      await sleep(50);
    }
  }
  return false;
}

export async function latencyRun(client: MqttClient, probe: Probe, o: { rate: number; seconds: number; valueBase: number; tsBase: number }): Promise<LatencyStats> {
  const n = Math.round(o.rate * o.seconds);
  const sent: [string, number][] = [];
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    const wait = t0 + (i * 1000) / o.rate - Date.now();
    if (wait > 1) await sleep(wait);
    const value = o.valueBase + i;
    const body = payload(value, o.tsBase + i);
    sent.push([String(value), wallNow()]);
    client.publish(TOPIC, body, { qos: 0 });
  }
  const lastTok = sent[sent.length - 1]![0];
  // Poll with the cheap check only: pulling every record runs on the page's main thread and would delay the last values.
  const deadline = Date.now() + 10_000;
  do await sleep(50);
  while (!(await probe.has(lastTok)) && Date.now() < deadline);
  await sleep(100); // the frame times of the last values
  const seen = await probe.seen();
  const lat: number[] = [];
  const browser: number[] = [];
  const frame: number[] = [];
  const arrivals = o.rate <= 20 ? await probe.arrivals() : [];
  for (const [tok, at] of sent) {
    const s = seen.get(tok);
    if (!s) continue;
    lat.push(s.dom - at);
    if (o.rate > 20) continue;
    frame.push(s.frame - s.dom);
    // The chunk that carried it: the last to reach the page after the publish and by the DOM change.
    const arrival = lastAtOrBefore(arrivals, s.dom);
    if (arrival !== undefined && arrival >= at) browser.push(s.dom - arrival);
  }
  lat.sort((a, b) => a - b);
  browser.sort((a, b) => a - b);
  frame.sort((a, b) => a - b);
  const cover: number[] = [];
  let best = Infinity;
  for (let i = sent.length - 1; i >= 0; i--) {
    const s = seen.get(sent[i]![0]);
    if (s) best = Math.min(best, s.dom);
    if (Number.isFinite(best)) cover.push(best - sent[i]![1]);
  }
  cover.sort((a, b) => a - b);
  const lastSeen = seen.get(lastTok);
  return {
    rate: o.rate, sent: n, shown: lat.length, p50: pct(lat, 50), p99: pct(lat, 99), max: lat[lat.length - 1] ?? NaN,
    covP50: pct(cover, 50), covP99: pct(cover, 99), last: lastSeen ? lastSeen.dom - sent[sent.length - 1]![1] : NaN,
    browserP50: pct(browser, 50), browserP99: pct(browser, 99), frameP50: pct(frame, 50), frameP99: pct(frame, 99),
  };
}

/** The last of ascending `xs` at or before `t`. */
export function lastAtOrBefore(xs: readonly number[], t: number): number | undefined {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? xs[lo - 1] : undefined;
}

