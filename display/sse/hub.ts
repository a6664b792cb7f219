// Live pushes to display clients: each client's queue, its backpressure, and
// what is its own (a full resync, the overlay). Panels and figures are
// rendered once per view and handed in with `send` (display/sse/views.ts).
// Per client: the first change is pushed at
// once and opens a window; later changes within it are merged into one push at
// its end, which closes it (never a trailing delay on a lone update). The next
// change opens a new window and again goes at once: at most two pushes per
// window, and a steady stream at about the window's rate (10/s against 100 ms)
// is never phase-locked into a window's worth of delay, as it would be if a
// trailing push reopened the window. A bounded queue, and a slow client gets
// its backlog dropped (counted) and one full resync instead.
import type { Metrics } from '../../gateway/metrics.js';

export interface SseMessage { event?: string; data: string; /** The message as sent, encoded once and shared by every client it goes to. */ bytes?: Uint8Array }

const encoder = new TextEncoder();
const LINE_BREAK = /[\r\n]/;

/** The SSE wire form of a message (as hono's writeSSE writes it), encoded once per message. */
export function sseBytes(m: SseMessage): Uint8Array {
  if (!m.bytes) {
    if (m.event && LINE_BREAK.test(m.event)) throw new Error('an SSE event name must not contain a line break');
    // A rendered fragment has no line break as a rule: one `data:` line, without splitting a map's 13 KB to rejoin it.
    const data = LINE_BREAK.test(m.data) ? m.data.split(/\r\n|\r|\n/).map((line) => `data: ${line}`).join('\n') : `data: ${m.data}`;
    m.bytes = encoder.encode(`${m.event ? `event: ${m.event}\n` : ''}${data}\n\n`);
  }
  return m.bytes;
}

export interface Sink {
  write(msg: SseMessage): Promise<void>;
}

export interface HubClient<S = unknown> {
  readonly id: number;
  state: S;
  readonly sink: Sink;
  dirty: Set<string>;
  windowTimer: ReturnType<typeof setTimeout> | null;
  queue: (SseMessage[] | 'resync')[];
  writing: boolean;
  closed: boolean;
}

export interface HubOptions<S> {
  windowMs: number;
  /** Pushes queued per client before it is treated as slow. */
  maxQueue: number;
  metrics: Metrics;
  /** Renders the messages of one push: the named fragments, or everything when resync. */
  render(client: HubClient<S>, dirty: Set<string>, resync: boolean): SseMessage[];
}

export const RESYNC = '*';
/** The event of a figure patch (display/sse/views.ts): data is JSON `[[panelId, dataKey, body], …]` (figure-patch.ts). */
export const FIGURES_EVENT = 'scpm:figs';
/** Page content a pending resync redraws anyway (fragments and figure patches, never hello or state). */
const coveredByResync = (m: SseMessage) => !m.event || m.event === FIGURES_EVENT;

export class Hub<S> {
  private readonly clients = new Set<HubClient<S>>();
  private nextId = 1;
  private readonly renderErrors;
  constructor(private readonly o: HubOptions<S>) {
    this.renderErrors = o.metrics.counter('scpm_display_render_errors_total', 'Live fragment renders that threw (the push was skipped; ingest and other clients went on).');
  }

  /** A render that throws costs that push only (counted), never the timer or the bus listener that asked for it. */
  private render(c: HubClient<S>, dirty: Set<string>, resync: boolean): SseMessage[] {
    try {
      return this.o.render(c, dirty, resync);
    } catch {
      this.renderErrors.inc();
      return [];
    }
  }

  /** A shared render (display/sse/views.ts) that threw: counted with the others. */
  countRenderError(): void { this.renderErrors.inc(); }

  get size(): number { return this.clients.size; }
  all(): HubClient<S>[] { return [...this.clients]; }

  add(state: S, sink: Sink): HubClient<S> {
    const c: HubClient<S> = { id: this.nextId++, state, sink, dirty: new Set(), windowTimer: null, queue: [], writing: false, closed: false };
    this.clients.add(c);
    this.o.metrics.sseClients = this.clients.size;
    return c;
  }

  remove(c: HubClient<S>): void {
    c.closed = true;
    if (c.windowTimer) clearTimeout(c.windowTimer);
    c.windowTimer = null;
    c.queue = [];
    this.clients.delete(c);
    this.o.metrics.sseClients = this.clients.size;
  }

  /**
   * Marks fragments of a client changed (RESYNC = everything) and pushes per the
   * coalescing window; `immediate` (someone acted on this screen: a tap, a
   * gesture, a voice command) pushes at once, whatever the window.
   */
  mark(c: HubClient<S>, ids: Iterable<string>, immediate = false): void {
    if (c.closed) return;
    let any = false;
    for (const id of ids) { c.dirty.add(id); any = true; }
    if (!any) return;
    if (immediate) {
      this.flush(c);
      return;
    }
    if (c.windowTimer === null) {
      this.flush(c);
      this.openWindow(c);
    }
    // else: merged into the push at the end of the open window
  }

  /** Sends messages outside the coalescing (events like hello, link). */
  send(c: HubClient<S>, msgs: SseMessage[]): void {
    this.enqueue(c, msgs);
  }

  private openWindow(c: HubClient<S>): void {
    if (this.o.windowMs <= 0) return;
    c.windowTimer = setTimeout(() => {
      c.windowTimer = null;
      if (c.closed || c.dirty.size === 0) return;
      this.flush(c); // closes the window: the next change is a first change again
    }, this.o.windowMs);
    c.windowTimer.unref?.();
  }

  private flush(c: HubClient<S>): void {
    if (c.dirty.size === 0) return;
    const dirty = c.dirty;
    c.dirty = new Set();
    if (dirty.has(RESYNC)) {
      this.enqueueResync(c);
      return;
    }
    this.enqueue(c, this.render(c, dirty, false));
  }

  private enqueueResync(c: HubClient<S>): void {
    if (!c.queue.includes('resync')) c.queue.push('resync');
    void this.pump(c);
  }

  private enqueue(c: HubClient<S>, msgs: SseMessage[]): void {
    if (c.closed || msgs.length === 0) return;
    // A pending resync is rendered when it is written, so it already carries these changes.
    if (c.queue.includes('resync') && msgs.every(coveredByResync)) return;
    if (c.queue.length >= this.o.maxQueue) {
      // Slow client: drop its backlog (counted) and resync it in full when it catches up.
      let dropped = 1;
      for (const q of c.queue) dropped += q === 'resync' ? 0 : 1;
      this.o.metrics.sseDropped += dropped;
      c.queue = ['resync'];
      return;
    }
    c.queue.push(msgs);
    void this.pump(c);
  }

  private async pump(c: HubClient<S>): Promise<void> {
    if (c.writing) return;
    c.writing = true;
    try {
      while (!c.closed && c.queue.length) {
        const item = c.queue.shift()!;
        const msgs = item === 'resync' ? this.render(c, new Set([RESYNC]), true) : item;
        for (const m of msgs) await c.sink.write(m);
        this.o.metrics.ssePushes++;
      }
    } catch {
      this.remove(c);
    } finally {
      c.writing = false;
    }
  }
}
