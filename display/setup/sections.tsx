// The setup page's sections, each a fragment with a stable id so the live
// stream can replace one alone. Everything is escaped (hono JSX); bridge
// panels are their own escaped HTML. No secret is ever given to these.
import { raw } from 'hono/html';
import type { SetupSource } from './source.js';
import { st, type SetupLang } from './text.js';
import { levelName } from '../../gateway/log/ring.js';

export interface SectionCtx { src: SetupSource; lang: SetupLang; now: number; logBridge: string | null; logLevel: number }

const when = (ms: number | null, lang: SetupLang) => (ms === null ? st(lang, 'never') : new Date(ms).toISOString().replace('T', ' ').slice(0, 19));
const age = (ms: number | null, now: number, lang: SetupLang) => (ms === null ? st(lang, 'never') : `${Math.max(0, Math.round((now - ms) / 1000))} s`);
const mib = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;

/** A test action behind a confirmation on the page (setup.js shows the second button). */
function Confirmed(p: { lang: SetupLang; action: string; label: string; name?: string }) {
  return (
    <span class="confirmed" data-setup-action={p.action} data-name={p.name}>
      <button type="button" class="btn ask">{p.label}</button>
      <span class="sure" hidden>{st(p.lang, 'sure')} <button type="button" class="btn yes">{st(p.lang, 'confirm')}</button> <button type="button" class="btn no">{st(p.lang, 'cancel')}</button></span>
    </span>
  );
}

export function BridgesSection(c: SectionCtx) {
  const rows = c.src.bridges();
  const panels = c.src.panels();
  return (
    <section id="s-bridges" class="card wide">
      <h2>{st(c.lang, 'bridges')}</h2>
      <table>
        <thead><tr><th>bridge</th><th>{st(c.lang, 'state')}</th><th>{st(c.lang, 'since')}</th><th>{st(c.lang, 'restarts')}</th><th>{st(c.lang, 'lastError')}</th><th /></tr></thead>
        <tbody>
          {rows.map((b) => (
            <tr data-bridge={b.name} data-state={b.state}>
              <th scope="row">{b.name}</th><td class={`st ${b.state}`}>{b.state}</td><td>{when(b.since, c.lang)}</td><td class="num">{b.restarts}</td>
              <td>{b.lastError ?? b.detail ?? ''}</td>
              <td><Confirmed lang={c.lang} action="restart" name={b.name} label={st(c.lang, 'restart')} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      {Object.entries(panels).filter(([name]) => name !== 'local-broker' && name !== 'upstream').map(([name, html]) => (
        <div class="panel" data-panel={name}><h3>{name}</h3>{raw(html)}</div>
      ))}
    </section>
  );
}

/** The walls: each screen's last heartbeat (late past its kiosk's restart threshold) and its kiosk's restarts. */
export function ScreensSection(c: SectionCtx) {
  const { rows, staleAfterMs } = c.src.screens();
  return (
    <section id="s-screens" class="card">
      <h2>{st(c.lang, 'screens')}</h2>
      {rows.length === 0 ? <p class="muted">{st(c.lang, 'noScreens')}</p> : (
        <table class="compact screens">
          <thead><tr><th>{st(c.lang, 'screen')}</th><th>{st(c.lang, 'page')}</th><th>{st(c.lang, 'heartbeat')}</th><th>{st(c.lang, 'kioskRestarts')}</th><th>{st(c.lang, 'lastRestart')}</th></tr></thead>
          <tbody>
            {rows.map((r) => {
              const late = r.ageMs === null || r.ageMs > staleAfterMs;
              return (
                <tr data-screen={r.id} data-late={String(late)}>
                  <th scope="row">{r.id}</th><td>{r.page ?? ''}</td>
                  <td class={`st ${late ? 'failed' : 'running'}`}>
                    {r.ageMs === null ? st(c.lang, 'noHeartbeat') : `${Math.round(r.ageMs / 1000)} s ${st(c.lang, 'ago')}`}
                    {late && r.ageMs !== null ? ` (${st(c.lang, 'late')} ${Math.round(staleAfterMs / 1000)} s)` : ''}
                  </td>
                  <td class="num">{r.kioskRestarts ?? ''}</td>
                  <td>{r.lastKioskRestart ? `${when(r.lastKioskRestart.at, c.lang)} · ${r.lastKioskRestart.reason}` : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function LinkSection(c: SectionCtx) {
  const link = c.src.link();
  const rej = c.src.rejected();
  const panel = c.src.panels().upstream;
  return (
    <section id="s-link" class="card">
      <h2>{st(c.lang, 'link')} <span class={`st ${link.connected ? 'running' : 'failed'}`}>{link.connected ? st(c.lang, 'up') : st(c.lang, 'down')}</span></h2>
      {panel ? raw(panel) : null}
      <h3>{st(c.lang, 'lastMessage')}</h3>
      <table class="compact"><tbody>
        {c.src.lastByKind().map((k) => <tr><th scope="row">{k.kind}</th><td>{age(k.lastMs, c.now, c.lang)}</td></tr>)}
      </tbody></table>
      <h3>{st(c.lang, 'rejected')}</h3>
      <p>{Object.entries(rej.byReason).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`).join(' · ') || st(c.lang, 'none')}</p>
      <table class="compact rejected"><tbody>
        {rej.latest.map((r) => <tr><td>{when(r.at, c.lang)}</td><td>{r.reason}</td><td class="topic">{r.topic}</td><td><code>{r.excerpt}</code></td></tr>)}
      </tbody></table>
    </section>
  );
}

export function BrokerSection(c: SectionCtx) {
  const panel = c.src.panels()['local-broker'];
  return (
    <section id="s-broker" class="card">
      <h2>{st(c.lang, 'broker')}</h2>
      {panel ? raw(panel) : <p>{st(c.lang, 'none')}</p>}
    </section>
  );
}

export function StoreSection(c: SectionCtx) {
  const s = c.src.store();
  return (
    <section id="s-store" class="card">
      <h2>{st(c.lang, 'store')}</h2>
      <p><span class="big num">{mib(s.sizeBytes)}</span> / {mib(s.capBytes)} ({Math.round((100 * s.sizeBytes) / s.capBytes)} %; {st(c.lang, 'cap')} warns at {s.warnAtPercent} %)</p>
      <p>{st(c.lang, 'retention')}: {Object.entries(s.retention).map(([k, v]) => `${k} ${v}`).join(' · ')}</p>
      <p>{st(c.lang, 'checkpoints')}: {s.checkpoints.runs} (last {s.checkpoints.lastMs} ms)</p>
      <h3>{st(c.lang, 'rows')}</h3>
      <table class="compact"><tbody>{s.tables.map((t) => <tr><th scope="row">{t.table}</th><td class="num">{t.rows.toLocaleString('en-US')}</td></tr>)}</tbody></table>
    </section>
  );
}

export function OrdersSection(c: SectionCtx) {
  const o = c.src.orders();
  return (
    <section id="s-orders" class="card">
      <h2>{st(c.lang, 'orders')}</h2>
      <p>{Object.entries(o.counts).map(([k, n]) => `${k} ${n}`).join(' · ') || st(c.lang, 'none')}</p>
      <table class="compact"><tbody>
        {o.latest.map((r) => <tr data-order={r.id}><td>{r.id}</td><td>{r.state}</td><td>{r.text}</td><td>{r.city ? `${r.city.status}${r.city.note ? `: ${r.city.note}` : ''}` : ''}</td></tr>)}
      </tbody></table>
      <p class="actions">
        <Confirmed lang={c.lang} action="test-order" label={st(c.lang, 'testOrder')} />
        {c.src.power.available()
          ? [<Confirmed lang={c.lang} action="wake" label={st(c.lang, 'wake')} />, ' ', <Confirmed lang={c.lang} action="sleep" label={st(c.lang, 'sleep')} />]
          : <span class="muted">{st(c.lang, 'noPower')}</span>}
      </p>
    </section>
  );
}

export function ConfigSection(c: SectionCtx) {
  const cfg = c.src.config();
  return (
    <section id="s-config" class="card wide">
      <h2>{st(c.lang, 'config')}</h2>
      <p>{st(c.lang, 'file')}: <code>{cfg.file}</code></p>
      <h3>{st(c.lang, 'problems')}</h3>
      {cfg.problems.length ? <ul class="problems">{cfg.problems.map((p) => <li>{p}</li>)}</ul> : <p>{st(c.lang, 'none')}</p>}
      <h3>{st(c.lang, 'warnings')}</h3>
      {cfg.warnings.length ? <ul class="warnings">{cfg.warnings.map((p) => <li>{p}</li>)}</ul> : <p>{st(c.lang, 'none')}</p>}
      <pre class="yaml">{cfg.yaml}</pre>
    </section>
  );
}

export function BuildSection(c: SectionCtx) {
  const b = c.src.build();
  return (
    <section id="s-build" class="card">
      <h2>{st(c.lang, 'build')}</h2>
      <dl class="facts">
        <dt>{st(c.lang, 'version')}</dt><dd>{b.version}</dd>
        <dt>build id</dt><dd><code>{b.buildId}</code></dd>
        <dt>Node</dt><dd>{b.node}</dd>
        <dt>{st(c.lang, 'uptime')}</dt><dd>{when(b.startedAt, c.lang)} ({age(b.startedAt, c.now, c.lang)})</dd>
        <dt>pid</dt><dd>{b.pid}</dd>
      </dl>
    </section>
  );
}

export function LogSection(c: SectionCtx) {
  const lines = c.src.logs({ bridge: c.logBridge, minLevel: c.logLevel });
  const q = (bridge: string | null, level: number) => `?${new URLSearchParams({ ...(bridge ? { bridge } : {}), ...(level ? { level: String(level) } : {}), lang: c.lang }).toString()}`;
  return (
    <section id="s-log" class="card wide">
      <h2>{st(c.lang, 'log')}</h2>
      <nav class="filters" aria-label={st(c.lang, 'filter')}>
        <a class={`btn${c.logBridge === null ? ' on' : ''}`} href={`/setup${q(null, c.logLevel)}`}>{st(c.lang, 'all')}</a>
        {c.src.logBridges().map((b) => <a class={`btn${c.logBridge === b ? ' on' : ''}`} href={`/setup${q(b, c.logLevel)}`}>{b}</a>)}
        {[0, 40, 50].map((lv) => <a class={`btn${c.logLevel === lv ? ' on' : ''}`} href={`/setup${q(c.logBridge, lv)}`}>{lv === 0 ? st(c.lang, 'all') : `≥ ${levelName(lv)}`}</a>)}
      </nav>
      <ol class="log">
        {lines.slice().reverse().map((l) => <li class={`lv-${levelName(l.level)}`}><time>{new Date(l.time).toISOString().slice(11, 19)}</time> <b>{levelName(l.level)}</b> {l.bridge ? <i>{l.bridge}</i> : null} {l.msg} <code>{l.raw.length > 400 ? `${l.raw.slice(0, 400)}…` : l.raw}</code></li>)}
      </ol>
    </section>
  );
}

export const SECTIONS = [BridgesSection, ScreensSection, LinkSection, BrokerSection, StoreSection, OrdersSection, ConfigSection, BuildSection, LogSection];
