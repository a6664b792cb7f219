// HTTP helpers for the gateway's API, health and metrics.

export interface JsonResponse<T = unknown> { status: number; body: T; headers: Headers }

export async function httpJson<T = unknown>(url: string, init: RequestInit & { token?: string; timeoutMs?: number } = {}): Promise<JsonResponse<T>> {
  const headers = new Headers(init.headers);
  if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`);
  if (init.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const res = await fetch(url, { ...init, headers, signal: AbortSignal.timeout(init.timeoutMs ?? 5000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text.length ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: body as T, headers: res.headers };
}

/** Prometheus text → { 'name': v, 'name{label="x"}': v }. */
export function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?)\s+(\S+)/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** One series of a gateway's /metrics (0 when absent). */
export async function metricValue(baseUrl: string, name: string): Promise<number> {
  return (await scrapeMetrics(baseUrl)).get(name) ?? 0;
}

export async function scrapeMetrics(baseUrl: string, token?: string): Promise<Map<string, number>> {
  const res = await fetch(`${baseUrl}/metrics`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: AbortSignal.timeout(5000),
  });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return parseMetrics(await res.text());
}
