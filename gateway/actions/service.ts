// The one door to the wall: touch, gestures, voice, presence and the API all
// dispatch the same actions here, each recording who asked. Screen state is
// persisted and changes are announced on the bus; the display and the bridges
// depend on this service, never the reverse.
import type { ActionLogRow } from '../store/types.js';
import { ACTION_NAMES, actionSchema, SOURCES, type Action, type Source } from './vocabulary.js';
import { ActionError } from './errors.js';
import { isNavigation, reduce, type NavigationAction } from './reduce.js';
import { sameView, type View } from './view.js';
import { HISTORY_MAX, publicState, upgradeRecord, type Pending, type ScreenRecord } from './state.js';
import { isOrderTemplate, orderText } from './order-templates.js';
import { Capabilities, type Capability, type CapabilityHandler } from './capabilities.js';
import { KeyedTimers } from './timers.js';
import { rateLimitedLog, type RateLimitedLog } from '../log/rate-limited.js';
import type { ActionsOptions, DispatchOptions, DispatchResult } from './service-types.js';

export type { Capability, CapabilityHandler } from './capabilities.js';
export type { ActionsOptions, ActionsStore, DispatchOptions, DispatchResult, OrderSink, ScreenState } from './service-types.js';

const PENDING_LABEL: Partial<Record<Action['action'], { en: string; ko: string }>> = {
  order: { en: 'Send this order to the city?', ko: '이 지시를 시로 보낼까요?' },
};

export class ActionsService {
  private readonly records = new Map<string, ScreenRecord>();
  private readonly timers: KeyedTimers;
  private readonly capabilities = new Capabilities();
  private readonly now: () => number;
  private readonly confirmMs: number;
  private readonly captionMs: number;
  private readonly listenMs: number;
  /** Dispatches come from outside (gestures, tablets, the API): on a full disk each would fail the same way. */
  private readonly limited: RateLimitedLog;
  private seq = 0;

  constructor(private readonly o: ActionsOptions) {
    this.now = o.now ?? Date.now;
    this.confirmMs = o.confirmMs ?? 30_000;
    this.captionMs = o.captionMs ?? 5_000;
    this.listenMs = o.listenMs ?? 6_000;
    this.timers = new KeyedTimers(o.log);
    this.limited = rateLimitedLog(o.log, { now: this.now });
  }

  knows(screen: string): boolean {
    return this.o.screens().includes(screen);
  }

  /** A known screen's record (restored from the store on first use); null for an unknown screen. */
  get(screen: string): ScreenRecord | null {
    if (!this.knows(screen)) return null;
    let rec = this.records.get(screen);
    if (!rec) {
      rec = upgradeRecord(this.o.store.getScreen<Partial<ScreenRecord>>(screen));
      this.records.set(screen, rec);
    }
    return rec;
  }

  state(screen: string) {
    const rec = this.get(screen);
    return rec ? publicState(rec, this.now()) : null;
  }

  /** A bridge offers a capability (voice, display power); returns the withdrawal. */
  offer(capability: Capability, owner: string, handler: CapabilityHandler): () => void {
    return this.capabilities.offer(capability, owner, handler);
  }

  has(capability: Capability): boolean {
    return this.capabilities.has(capability);
  }

  log(o?: { limit?: number; offset?: number }): ActionLogRow[] {
    return this.o.store.listActions(o);
  }

  /** Parses an action from outside (HTTP, a device); unknown or malformed → ActionError 400 naming what is valid. */
  parse(input: unknown): Action {
    const name = (input as { action?: unknown } | null)?.action;
    if (typeof name !== 'string' || !(ACTION_NAMES as string[]).includes(name)) {
      throw new ActionError(400, `unknown action ${JSON.stringify(typeof name === 'string' ? name.slice(0, 40) : name ?? null)}`, ACTION_NAMES);
    }
    const parsed = actionSchema.safeParse(input);
    if (!parsed.success) throw new ActionError(400, parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '));
    return parsed.data;
  }

  /** Does an action for `principal`, or holds it for confirmation; throws ActionError. Every call is logged. */
  async dispatch(input: unknown, source: Source, principal: string, opts: DispatchOptions = {}): Promise<DispatchResult> {
    const screenGuess = typeof (input as { screen?: unknown } | null)?.screen === 'string' ? String((input as { screen: string }).screen) : 'wall';
    let actionName = typeof (input as { action?: unknown } | null)?.action === 'string' ? String((input as { action: string }).action) : '?';
    try {
      if (!(SOURCES as readonly string[]).includes(source)) throw new ActionError(400, `unknown source "${source}"`);
      const a = this.parse(input);
      actionName = a.action;
      const result = await this.run(a, source, principal, opts);
      this.record(a.screen, a.action, source, principal, result.outcome, result.orderId ?? null);
      return result;
    } catch (err) {
      const status = err instanceof ActionError ? String(err.status) : 'error';
      this.record(screenGuess, actionName, source, principal, status, (err as Error).message);
      if (!(err instanceof ActionError)) this.limited('action-failed', 'error', { err: (err as Error).message, action: actionName }, 'action failed');
      throw err;
    }
  }

  /** A page opened by a same-origin request moves its screen there (the display decides what counts as same-origin). */
  show(screen: string, view: View, principal: string): ScreenRecord | null {
    const rec = this.get(screen);
    if (!rec) return null;
    if (sameView(rec.view, view)) return rec;
    return this.commit(screen, { ...rec, view, history: [...rec.history, rec.view].slice(-HISTORY_MAX), cameraReturn: null, source: 'url', principal, updatedAt: this.now() });
  }

  private async run(a: Action, source: Source, principal: string, opts: DispatchOptions, confirmed = false): Promise<DispatchResult> {
    const rec = this.get(a.screen);
    if (!rec) throw new ActionError(404, `no such screen "${a.screen}"`);
    const now = this.now();
    const done = (next: ScreenRecord, extra: Partial<DispatchResult> = {}): DispatchResult => ({ screen: a.screen, record: this.commit(a.screen, next), outcome: 'done', ...extra });
    const stamp = { source, principal, updatedAt: now };

    this.capabilities.check(a);
    if (a.action === 'order') this.orderCheck(a, rec);
    if (!confirmed && (a.action === 'order' || opts.confirm)) {
      if (a.action === 'confirm' || a.action === 'cancel') throw new ActionError(400, `"${a.action}" cannot itself wait for confirmation`);
      return { ...this.hold(a, rec, source, principal), outcome: 'pending' };
    }

    if (isNavigation(a)) return done({ ...rec, ...stamp, ...this.navigate(rec, a) });
    switch (a.action) {
      case 'show-help': return done({ ...rec, ...stamp, help: true });
      case 'hide-help': return done({ ...rec, ...stamp, help: false });
      case 'caption': {
        // The voice's caption is its answer: the listening window it answers is over.
        if (source === 'voice') this.disarm(`listen:${a.screen}`);
        const next = done({ ...rec, caption: { text: a.text, until: now + this.captionMs }, ...(source === 'voice' ? { listeningUntil: null } : {}) });
        this.arm(`caption:${a.screen}`, this.captionMs, () => this.clearCaption(a.screen));
        return next;
      }
      case 'confirm': return this.confirm(a.screen, rec, source, principal);
      case 'cancel': {
        if (!rec.pending) throw new ActionError(409, 'nothing is waiting for confirmation');
        this.disarm(`pending:${a.screen}`);
        this.record(a.screen, rec.pending.action.action, rec.pending.source, rec.pending.principal, 'cancelled', `by ${principal} (${source})`);
        return done({ ...rec, ...stamp, pending: null });
      }
      case 'wake':
      case 'sleep':
      case 'keep-awake': {
        await this.capabilities.run('display-power', a);
        const keepAwakeUntil = a.action === 'keep-awake' ? now + a.minutes * 60_000 : a.action === 'sleep' ? null : rec.keepAwakeUntil;
        return done({ ...rec, ...stamp, power: a.action === 'sleep' ? 'asleep' : 'awake', keepAwakeUntil });
      }
      case 'listen':
      case 'mute':
      case 'unmute': return done({ ...rec, ...stamp, ...(await this.voice(a, rec, now)) });
      case 'order': return done({ ...rec, ...stamp }, { orderId: this.order(a, rec, source, principal, now) });
    }
    throw new ActionError(400, `action "${(a as Action).action}" is not handled`);
  }

  /** Where a navigation leads: the reducer's view, the history pushed or popped, where a camera returns to. */
  private navigate(rec: ScreenRecord, a: NavigationAction): Pick<ScreenRecord, 'view' | 'history' | 'cameraReturn'> {
    const cameras = this.o.catalog.list('camera').map((c) => ({ id: c.id, location: c.location }));
    const r = reduce(rec, a, { nav: this.o.navigator(), cameras });
    let history = rec.history;
    if (r.popHistory) history = history.slice(0, -1);
    else if (r.pushHistory && !sameView(rec.view, r.view)) history = [...history, rec.view].slice(-HISTORY_MAX);
    const cameraReturn = r.cameraReturn === undefined ? (r.view.camera ? rec.cameraReturn : null) : r.cameraReturn;
    return { view: r.view, history, cameraReturn };
  }

  /** The held action is done now, logged as its giver's, confirmed by this principal. */
  private async confirm(screen: string, rec: ScreenRecord, source: Source, principal: string): Promise<DispatchResult> {
    const p = rec.pending;
    if (!p) throw new ActionError(409, 'nothing is waiting for confirmation');
    this.disarm(`pending:${screen}`);
    this.commit(screen, { ...rec, pending: null });
    const result = await this.run(p.action, p.source, p.principal, {}, true);
    this.record(screen, p.action.action, p.source, p.principal, 'done', `confirmed by ${principal} (${source})${result.orderId ? `; order ${result.orderId}` : ''}`);
    return result;
  }

  private async voice(a: Extract<Action, { action: 'listen' | 'mute' | 'unmute' }>, rec: ScreenRecord, now: number): Promise<Pick<ScreenRecord, 'muted' | 'listeningUntil'>> {
    if (a.action === 'listen' && rec.muted) throw new ActionError(409, 'the microphone is muted (unmute first)');
    await this.capabilities.run('voice', a);
    if (a.action === 'listen') this.arm(`listen:${a.screen}`, this.listenMs, () => this.patch(a.screen, { listeningUntil: null }));
    return {
      muted: a.action === 'mute' ? true : a.action === 'unmute' ? false : rec.muted,
      listeningUntil: a.action === 'listen' ? now + this.listenMs : a.action === 'mute' ? null : rec.listeningUntil,
    };
  }

  /** Gives the order (a fixed template about the open item) to the desk; returns its id. */
  private order(a: Extract<Action, { action: 'order' }>, rec: ScreenRecord, source: Source, principal: string, now: number): string {
    const ref = a.ref ?? rec.view.open!;
    if (!isOrderTemplate(a.template)) throw new ActionError(400, `unknown order template "${a.template}"`);
    const text = orderText(a.template, ref, this.o.office.language, now, this.o.office.timeZone);
    return this.o.orders({ text, ref: ref.replace(/^[a-z]+:/, ''), screen: a.screen, via: source, principal }).id;
  }

  private orderCheck(a: Extract<Action, { action: 'order' }>, rec: ScreenRecord): void {
    if (!isOrderTemplate(a.template)) throw new ActionError(400, `unknown order template "${a.template}"`);
    if (!a.ref && !rec.view.open) throw new ActionError(409, 'an order needs an open item (open an incident or a complaint first)');
  }

  private hold(a: Action, rec: ScreenRecord, source: Source, principal: string): Omit<DispatchResult, 'outcome'> {
    const now = this.now();
    const action: Action = a.action === 'order' && !a.ref ? { ...a, ref: rec.view.open! } : a;
    const pending: Pending = {
      id: `p${now.toString(36)}${(++this.seq).toString(36)}`,
      action, source, principal,
      label: PENDING_LABEL[a.action] ?? { en: `Do "${a.action}"?`, ko: `"${a.action}" 할까요?` },
      expiresAt: now + this.confirmMs,
    };
    this.arm(`pending:${a.screen}`, this.confirmMs, () => {
      const cur = this.records.get(a.screen);
      if (cur?.pending?.id !== pending.id) return;
      this.record(a.screen, pending.action.action, pending.source, pending.principal, 'expired', `not confirmed within ${Math.round(this.confirmMs / 1000)} s`);
      this.patch(a.screen, { pending: null });
    });
    return { screen: a.screen, record: this.commit(a.screen, { ...rec, pending, source, principal, updatedAt: now }) };
  }

  private clearCaption(screen: string): void {
    const rec = this.records.get(screen);
    if (rec?.caption && rec.caption.until <= this.now()) this.patch(screen, { caption: null });
  }

  private patch(screen: string, p: Partial<ScreenRecord>): void {
    const rec = this.records.get(screen);
    if (rec) this.commit(screen, { ...rec, ...p });
  }

  private arm(key: string, ms: number, fn: () => void): void {
    this.timers.arm(key, ms, fn);
  }

  private disarm(key: string): void {
    this.timers.disarm(key);
  }

  private commit(screen: string, rec: ScreenRecord): ScreenRecord {
    this.records.set(screen, rec);
    this.o.store.setScreen(screen, rec, rec.updatedAt);
    this.o.bus.emit('screen:changed', { screen, state: publicState(rec, this.now()), source: rec.source });
    return rec;
  }

  private record(screen: string, action: string, source: string, principal: string, outcome: string, detail: string | null): void {
    try {
      this.o.store.recordAction({ at: this.now(), screen, action, source, principal, outcome, detail });
    } catch (err) {
      this.limited('action-log-failed', 'warn', { err: (err as Error).message }, 'action log: could not record');
    }
  }

  /** Stops the timers (captions, pending confirmations). */
  close(): void {
    this.timers.clear();
    this.limited.flush();
  }
}
