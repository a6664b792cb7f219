// The voice bridge's panel on the setup page: the engine's state, the
// language heard, how many commands, the counters, the last 20 results with
// their scores and what they did, and the test button. Escaped throughout.
import { html } from 'hono/html';
import type { HistoryEntry, VoiceHealth } from './service.js';

const ago = (at: number, now: number) => {
  const s = Math.max(0, Math.round((now - at) / 1000));
  return s < 90 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
};

export function renderVoicePanel(h: VoiceHealth, history: readonly HistoryEntry[], startProblem: string | null, now = Date.now()): string {
  const state = startProblem ? 'degraded' : h.state;
  const rows = history.map((e) => html`<tr class="${e.outcome === 'matched' ? '' : 'bad'}" data-outcome="${e.outcome}"><td>${ago(e.at, now)}</td><td>${e.text || '\u2014'}</td><td>${e.confidence.toFixed(2)}</td><td>${e.outcome}</td><td>${e.did ?? (e.error ? `error: ${e.error}` : 'nothing')}</td><td>${e.ms === null ? '' : `${Math.round(e.ms)} ms`}</td></tr>`);
  const c = h.counters;
  return String(html`<div class="voice" data-voice-state="${state}">
<p>engine <b>${h.engine}</b> \u00b7 <span class="${state === 'running' ? 'ok' : 'off'}">${state}</span>${startProblem || h.detail ? html` \u00b7 ${[startProblem, h.detail].filter(Boolean).join('; ')}` : ''}</p>
<p>language heard ${h.language} \u00b7 ${h.commands.recognisable} commands heard (${h.commands.en} English, ${h.commands.ko} Korean listed${h.commands.unsupported ? `, ${h.commands.unsupported} the engine cannot say` : ''}) \u00b7 acts at confidence \u2265 ${h.minConfidence}</p>
<p>utterances ${c.utterances ?? 0}, understood ${c.matched ?? 0}, not sure ${c.lowConfidence ?? 0}, not understood ${c.notUnderstood ?? 0}, audio refused ${c.audioRejected ?? 0}, engine errors ${c.engineErrors ?? 0}, acted ${c.acted ?? 0}</p>
<p><button type="button" class="btn" data-bridge-action="/api/v1/voice/setup/test">Say a test command</button> (espeak-ng speaks a random command into the recognizer; it never acts)</p>
${rows.length ? html`<table class="compact voice-history"><thead><tr><th>when</th><th>heard</th><th>confidence</th><th>outcome</th><th>did</th><th>time</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p>nothing heard yet</p>`}
</div>`);
}
