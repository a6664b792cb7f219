// The voice bridge's panel on the setup page: the engine's state, the
// language heard, how many commands, the counters, the last 20 results with
// their scores and what they did, the microphone (level, voice activity,
// keyphrase hits, last results) and the test button. Escaped throughout.
import { html } from 'hono/html';
import type { ListenerHealth } from './capture/listener.js';
import { MAX_SHOWN_WORDS, type HistoryEntry, type VoiceHealth } from './service.js';

const ago = (at: number, now: number) => {
  const s = Math.max(0, Math.round((now - at) / 1000));
  return s < 90 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
};

/** The commands left out for words without a pronunciation: which words, and where to add them. */
function leftOut(c: VoiceHealth['commands']): string {
  if (!c.unsupported) return '';
  const words = c.unsupportedWords;
  if (words.length === 0) return `, ${c.unsupported} the engine cannot say`;
  const named = words.map((w) => `"${w}"`).join(', ') + (words.length >= MAX_SHOWN_WORDS ? ', \u2026' : '');
  return `, ${c.unsupported} the engine cannot say: no pronunciation for ${named} (add them under voice.pronunciations, or rename what they name)`;
}

export function renderVoicePanel(h: VoiceHealth, history: readonly HistoryEntry[], startProblem: string | null, mic: ListenerHealth | null = null, now = Date.now()): string {
  const state = startProblem ? 'degraded' : h.state;
  const rows = history.map((e) => html`<tr class="${e.outcome === 'matched' ? '' : 'bad'}" data-outcome="${e.outcome}"><td>${ago(e.at, now)}</td><td>${e.text || '\u2014'}</td><td>${e.confidence.toFixed(2)}</td><td>${e.outcome}</td><td>${e.did ?? (e.error ? `error: ${e.error}` : 'nothing')}</td><td>${e.ms === null ? '' : `${Math.round(e.ms)} ms`}</td></tr>`);
  const c = h.counters;
  return String(html`<div class="voice" data-voice-state="${state}">
<p>engine <b>${h.engine}</b> \u00b7 <span class="${state === 'running' ? 'ok' : 'off'}">${state}</span>${startProblem || h.detail ? html` \u00b7 ${[startProblem, h.detail].filter(Boolean).join('; ')}` : ''}</p>
<p>language heard ${h.language} \u00b7 ${h.commands.recognisable} commands heard (${h.commands.en} English, ${h.commands.ko} Korean listed${leftOut(h.commands)}) \u00b7 acts at confidence \u2265 ${h.minConfidence}</p>
<p>utterances ${c.utterances ?? 0}, understood ${c.matched ?? 0}, not sure ${c.lowConfidence ?? 0}, not understood ${c.notUnderstood ?? 0}, audio refused ${c.audioRejected ?? 0}, engine errors ${c.engineErrors ?? 0}, acted ${c.acted ?? 0}</p>
${renderMicrophone(mic, now)}
<p><button type="button" class="btn" data-bridge-action="/api/v1/voice/setup/test">Say a test command</button> (espeak-ng speaks a random command into the recognizer; it never acts)</p>
${rows.length ? html`<table class="compact voice-history"><thead><tr><th>when</th><th>heard</th><th>confidence</th><th>outcome</th><th>did</th><th>time</th></tr></thead><tbody>${rows}</tbody></table>` : html`<p>nothing heard yet</p>`}
</div>`);
}

/** The microphone: device and state, a level meter (dBFS, peak held 2 s), the voice-activity state, keyphrase hits, the last results. */
function renderMicrophone(m: ListenerHealth | null, now: number) {
  if (!m) return html`<p class="mic" data-mic="none">microphone: none configured (voice.device); the recognizer answers over HTTP</p>`;
  const mic = m.microphone;
  const c = m.counters;
  const state = m.muted ? 'muted' : mic.state;
  const level = Math.max(0, Math.min(96, 96 + m.peakDb));
  const recent = m.recent.map((e) => html`<li>${ago(e.at, now)}: ${e.text ? `\u201c${e.text}\u201d` : '\u2014'} ${e.outcome}${e.endToActionMs === null ? '' : ` \u00b7 ${e.endToActionMs} ms end of speech \u2192 action`}</li>`);
  return html`<div class="mic" data-mic="${state}">
<p>microphone <b>${mic.device}</b> \u00b7 <span class="${state === 'capturing' ? 'ok' : 'off'}">${state}</span>${mic.detail ? html` \u00b7 ${mic.detail}` : ''}${mic.restarts ? ` \u00b7 ${mic.restarts} restarts` : ''}</p>
<p>level <meter min="0" max="96" low="30" high="80" optimum="50" value="${String(level)}" aria-label="microphone level">${m.peakDb} dBFS</meter> ${m.peakDb} dBFS peak, noise floor ${m.noiseFloorDb} dBFS \u00b7 voice activity: <b data-vad="${m.vad}">${m.vad}</b>${m.listening ? ' \u00b7 listening' : ''}</p>
<p>utterances ${c.utterances ?? 0}, outside a listening window ${c.outsideWindow ?? 0}, too short ${c.short ?? 0}, dropped while busy ${c.droppedBusy ?? 0}, device lost ${c.devicesLost ?? 0} \u00b7 keyphrase ${m.keyphrase ? html`\u201c${m.keyphrase}\u201d: ${c.keyphraseHits ?? 0} hits, ${c.keyphraseMisses ?? 0} misses` : 'off (push-to-talk only)'}${m.endToAction ? ` \u00b7 end of speech \u2192 action p50 ${m.endToAction.p50} ms, p95 ${m.endToAction.p95} ms (${m.endToAction.n})` : ''}</p>
${recent.length ? html`<ul class="compact mic-recent">${recent}</ul>` : ''}
</div>`;
}
