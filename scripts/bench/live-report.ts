// The live section's tables: the side-by-side rounds and the aims, ours with
// 20 screens against one, and the ingest rate without and with the screens.
import { mib } from './rss.js';
import { printTable, fmtRate, fmtWholeMs } from './report.js';
import type { LatencyStats } from './latency.js';
import type { RoundResult, TargetName } from './live-round.js';

export interface IngestRun {
  screens: boolean;
  rate: number;
  received: number;
  pushed: number;
  /** The gateway's CPU (user + system) per message during the flood, in µs; NaN when not read. */
  gatewayCpuUs: number;
  /** The share of the flood the gateway's main thread spent on a core, and waiting in the run queue for one (0–1). */
  mainOnCore: number;
  mainWaiting: number;
}

/** A latency, to the tenth of a millisecond the probe measures. */
const lat = (x: number): string => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');
const kib = (b: number): string => `${(b / 1024).toFixed(1)} KiB`;
const median = (xs: number[]): number => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};

export function printSideBySide(results: Record<TargetName, RoundResult[]>, o: { justStartedSeconds: number; warmBurstSeconds: number; singleSeconds: number; burstSeconds: number; peer: string | null }): void {
  const ours = results.ours;
  const nr = results['node-red'];
  const cols = (rs: RoundResult[], f: (r: RoundResult) => string) => rs.map(f).join(' / ') || 'n/a';
  const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}` : 'n/a');
  const row = (label: string, pick: (r: RoundResult) => number, fmt: (x: number) => string) =>
    [label, cols(ours, (r) => fmt(pick(r))), cols(nr, (r) => fmt(pick(r))), ratio(median(ours.map(pick)), median(nr.map(pick)))];
  const pct = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} %` : 'n/a');
  const count = (x: number) => String(x);
  printTable(`Live figure, side by side (same mosquitto, same Chromium probe; rounds alternate; each target started fresh: ${o.justStartedSeconds} s at 10/s just after the start, ` +
    `then a warm-up of ${o.warmBurstSeconds} s at 200/s, then ${o.singleSeconds} s at 10/s and ${o.burstSeconds} s at 200/s)\n` +
    `  peer: ${o.peer ?? 'none in this run'}; "ratio" = ours / the peer's, medians of the rounds`,
  ['figure', 'SCPM Edge (rounds)', 'Node-RED Dashboard 2, same run (rounds)', 'ratio'], [
    row('just started: 10/s publish → DOM p50', (r) => r.justStarted.p50, lat),
    row('just started: 10/s publish → DOM p99', (r) => r.justStarted.p99, lat),
    row('10/s publish → DOM p50', (r) => r.single.p50, lat),
    row('10/s publish → DOM p99', (r) => r.single.p99, lat),
    row('10/s the page\'s share p50 (bytes → DOM)', (r) => r.single.browserP50, lat),
    row('10/s the page\'s share p99', (r) => r.single.browserP99, lat),
    row('10/s DOM → next frame p50 (compositor clock)', (r) => r.single.frameP50, lat),
    row('10/s DOM → next frame p99', (r) => r.single.frameP99, lat),
    row('200/s values shown', (r) => r.burst.shown, count),
    row('200/s publish → DOM p50 (values shown)', (r) => r.burst.p50, lat),
    row('200/s publish → DOM p99 (values shown)', (r) => r.burst.p99, lat),
    row('200/s shown-or-newer p99', (r) => r.burst.covP99, lat),
    row('200/s last value → DOM', (r) => r.burst.last, lat),
    row('first load, as served (gzip)', (r) => r.load.served, kib),
    row('first load, identity (decoded)', (r) => r.load.decoded, kib),
    row('first-load requests', (r) => r.load.requests, count),
    row('spawn → the page answers over HTTP', (r) => r.spawnToListenMs, fmtWholeMs),
    row('spawn → first contentful paint', (r) => r.spawnToFcpMs, fmtWholeMs),
    row('RSS idle', (r) => r.rssIdle, mib),
    row('RSS after the burst', (r) => r.rssAfterBurst, mib),
    row('CPU during the burst (one core = 100 %)', (r) => r.cpuBurstPct, pct),
  ]);
  console.log(`during our latency runs, by round: ${ours.map((r) => r.pauses).join('; ')}`);
  printAims(ours, nr);
}

function printAims(ours: RoundResult[], nr: RoundResult[]): void {
  const verdict = (label: string, ok: boolean | null, detail: string) => console.log(`  ${ok === null ? 'n/a ' : ok ? 'met ' : 'NOT '} ${label}: ${detail}`);
  console.log('Aims (issue #16):');
  const paired = ours.map((r, i) => [r, nr[i]] as const).filter(([, b]) => b !== undefined);
  const coldAtOrUnder = paired.filter(([a, b]) => a.justStarted.p99 <= b!.justStarted.p99).length;
  if (paired.length) console.log(`  (just started, not an aim: our p99 ≤ the peer's in ${coldAtOrUnder} of ${paired.length} rounds: ${paired.map(([a, b]) => `${lat(a.justStarted.p99)} vs ${lat(b!.justStarted.p99)}`).join(', ')})`);
  verdict('single updates: our p99 ≤ the peer\'s in every round', paired.length ? paired.every(([a, b]) => a.single.p99 <= b!.single.p99) : null,
    paired.map(([a, b]) => `${lat(a.single.p99)} vs ${lat(b!.single.p99)}`).join(', ') || 'no peer');
  verdict('single updates: our p99 ≤ 10 ms (aim on a quiet machine)', ours.every((r) => r.single.p99 <= 10), ours.map((r) => lat(r.single.p99)).join(', '));
  verdict('200/s: our shown-or-newer p99 ≤ the peer\'s p99', paired.length ? paired.every(([a, b]) => a.burst.covP99 <= b!.burst.p99) : null,
    paired.map(([a, b]) => `${lat(a.burst.covP99)} vs ${lat(b!.burst.p99)}`).join(', ') || 'no peer');
  verdict('200/s: the last value on screen ≤ 17 ms after the last publish', ours.every((r) => r.burst.last <= 17), ours.map((r) => lat(r.burst.last)).join(', '));
  console.log('');
}

/** Ours with 20 screens, round by round and their median, against the median of the single-screen rounds (`one`). */
export function printTwentyScreens(one: RoundResult[], s: { rounds: { single20: LatencyStats; burst20: LatencyStats }[]; connected: number; views: number; errors: number; bytes: number }): void {
  const cmp = (label: string, pick: (x: LatencyStats) => number, burst: boolean) => {
    const base = median(one.map((r) => pick(burst ? r.burst : r.single)));
    const each = s.rounds.map((r) => pick(burst ? r.burst20 : r.single20));
    const v = median(each);
    return [label, lat(base), each.map(lat).join(' / '), Number.isFinite(base) && base > 0 ? `${(v / base).toFixed(2)}×` : 'n/a', v <= 2 * Math.max(base, 1) ? 'yes' : 'NO'];
  };
  printTable(`Ours with 20 screens open (the probe + ${s.connected} SSE readers over ${s.views} views: office, public in English and in Korean), ${s.rounds.length} rounds on one gateway: their median against the single-screen rounds' median`,
    ['figure', '1 screen', '20 screens (rounds)', 'ratio', '≤ 2×'], [
      cmp('10/s publish → DOM p50', (x) => x.p50, false),
      cmp('10/s publish → DOM p99', (x) => x.p99, false),
      cmp('200/s shown-or-newer p99', (x) => x.covP99, true),
      cmp('200/s last value → DOM', (x) => x.last, true),
    ]);
  const shown = s.rounds.map((r) => `${r.burst20.shown}/${r.burst20.sent}`).join(', ');
  console.log(`extra screens: ${s.connected} connected, ${s.errors} errors, ${kib(s.bytes)} received during the runs (200/s: ${shown} values shown on the probe)\n`);
}

/** The ingest runs in order, each pair's ratio (with / without screens), their median and range, and the best of each kind. */
export function printIngestWithScreens(ingest: IngestRun[], n: number): void {
  const rates = (open: boolean) => ingest.filter((r) => r.screens === open).map((r) => r.rate);
  printTable(`QoS 0 ingest (${n.toLocaleString('en-US')} urban readings over 125 series, live publisher in a worker) without and with 20 screens open (office and public SSE), in pairs whose order alternates`,
    ['run', 'received', 'rate', 'pushed to the screens', 'gateway CPU per message', 'main thread: on a core / waiting for one'],
    ingest.map((r, i) => [`${i + 1}. ${r.screens ? '20 screens' : 'no screen'}`, r.received, fmtRate(r.rate), r.screens ? kib(r.pushed) : '',
      Number.isFinite(r.gatewayCpuUs) ? `${r.gatewayCpuUs.toFixed(1)} µs` : 'n/a', Number.isFinite(r.mainOnCore) ? `${pct(r.mainOnCore)} / ${pct(r.mainWaiting)}` : 'n/a']));
  const without = Math.max(...rates(false));
  const withScreens = Math.max(...rates(true));
  const p = pairSummary(ingest);
  if (p) console.log(`with / without, per pair: ${p.ratios.map(pct).join(', ')}; median ${pct(p.median)} (range ${pct(p.min)}–${pct(p.max)})`);
  const cpu = pairSummary(ingest, (r) => r.gatewayCpuUs);
  if (cpu) console.log(`the gateway's CPU per message, with / without, per pair: ${cpu.ratios.map(pct).join(', ')}; median ${pct(cpu.median)}`);
  const waiting = ingest.map((r) => r.mainWaiting).filter(Number.isFinite);
  if (waiting.length) console.log(`the gateway's main thread waited for a core ${pct(Math.min(...waiting))}–${pct(Math.max(...waiting))} of each flood (the broker, the publisher and the readers share its cores)`);
  console.log(`best of each: no screen ${fmtRate(without)}, 20 screens ${fmtRate(withScreens)} (${pct(withScreens / without)})\n`);
}

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

/**
 * The pairs' ratios of a figure (the rate unless told), their median (an even count's is the mean of its middle two)
 * and range; null without a pair.
 */
export function pairSummary(ingest: readonly IngestRun[], of: (r: IngestRun) => number = (r) => r.rate): { ratios: number[]; median: number; min: number; max: number } | null {
  const ratios = pairRatios(ingest, of);
  if (ratios.length === 0) return null;
  const sorted = [...ratios].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { ratios, median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/**
 * Two runs in a row, one without the screens and one with them, in either order (the bench alternates it, so that
 * a drift over the runs does not always fall on the same side): the figure with the screens over the one without.
 */
export function pairRatios(ingest: readonly IngestRun[], of: (r: IngestRun) => number = (r) => r.rate): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < ingest.length; i++) {
    const a = ingest[i]!, b = ingest[i + 1]!;
    if (a.screens === b.screens) continue;
    const [without, withScreens] = a.screens ? [of(b), of(a)] : [of(a), of(b)];
    if (without > 0 && Number.isFinite(withScreens)) {
      out.push(withScreens / without);
      i++;
    }
  }
  return out;
}
