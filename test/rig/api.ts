// Reading the gateway from outside, as the display or a technician would.
import type { Gateway } from '../../scripts/rig/gateway.js';
import { httpJson, metricValue, scrapeMetrics } from '../../scripts/rig/http.js';
import { waitFor } from '../../scripts/rig/wait.js';

export interface Items<T = Record<string, unknown>> { items: T[]; [k: string]: unknown }

/** GET a JSON path; throws unless the status is 200. */
export async function getJson<T = Items>(g: Gateway, path: string, token?: string): Promise<T> {
  const res = await httpJson<T>(`${g.baseUrl}${path}`, { token });
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function items<T = Record<string, unknown>>(g: Gateway, path: string, token?: string): Promise<T[]> {
  return (await getJson<Items<T>>(g, path, token)).items;
}

/** One metric value (0 when absent). `name` may carry labels: 'x{reason="schema"}'. */
export async function metric(g: Gateway, name: string): Promise<number> {
  return metricValue(g.baseUrl, name);
}

/** Messages the gateway has handled at the edge: ingested + rejected (any reason). */
export async function handledTotal(g: Gateway): Promise<number> {
  const m = await scrapeMetrics(g.baseUrl);
  let n = m.get('scpm_ingested_messages_total') ?? 0;
  for (const [k, v] of m) if (k.startsWith('scpm_rejected_messages_total{')) n += v;
  return n;
}

/** Until ingested + rejected reaches `target`. */
export function waitHandled(g: Gateway, target: number, timeoutMs = 15_000): Promise<number> {
  return waitFor(async () => {
    const n = await handledTotal(g);
    return n >= target ? n : null;
  }, { timeoutMs, intervalMs: 50, what: `the gateway to handle ${target} messages` });
}
