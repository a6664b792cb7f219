// The "configuration problem" page safe mode shows the wall: every problem in
// Korean and English, large enough for 2–3 m, and a script that polls
// /healthz and reloads into the real wall once the service runs again. The
// display's CSP: no inline script or style, so both are served as files.

import type { ProblemView } from './problems.js';

export const SAFE_MODE_SCRIPT_PATH = '/safe-mode/page.js';
export const SAFE_MODE_STYLE_PATH = '/safe-mode/page.css';
/** How often the page asks /healthz whether the real gateway is back. */
export const SAFE_MODE_POLL_MS = 2000;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface PageInput {
  /** The config file (its path only to loopback viewers). */
  file: string | null;
  problems: readonly ProblemView[];
  /** When this safe mode started (ms): the page reloads when /healthz's differs. */
  since: number;
  /** Loopback (the kiosk) sees every problem; others see that there is one. */
  detailed: boolean;
  count: number;
}

export function safeModePage(p: PageInput): string {
  const n = p.count;
  const file = p.file ? `<code>${esc(p.file)}</code>` : '';
  const items = p.problems.map((v) => `<li>${v.key ? `<code class="key">${esc(v.key)}</code>` : ''}<p lang="ko">${esc(v.ko)}</p><p lang="en">${esc(v.en)}</p></li>`).join('');
  return '<!doctype html><html lang="ko"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="dark">' +
    '<title>설정 문제 · Configuration problem</title>' +
    `<link rel="stylesheet" href="${SAFE_MODE_STYLE_PATH}"></head>` +
    `<body data-since="${p.since}" data-poll-ms="${SAFE_MODE_POLL_MS}"><main>` +
    '<h1><span lang="ko">설정 문제</span> <span lang="en">Configuration problem</span></h1>' +
    `<p class="lead" lang="ko">게이트웨이가 시작되지 않았습니다. 설정 파일 ${file}에 문제가 ${n}개 있습니다. ` +
    '담당 기술자가 파일을 고친 뒤 서비스를 다시 시작하면 이 화면은 저절로 대시보드로 바뀝니다.</p>' +
    `<p class="lead" lang="en">The gateway did not start: its configuration file ${file} has ${n} problem${n === 1 ? '' : 's'}. ` +
    'A technician fixes the file and restarts the service; this screen then turns into the wall by itself.</p>' +
    (p.detailed
      ? `<ol id="problems">${items}</ol><p class="hint"><span lang="ko">확인 명령</span> / <span lang="en">check with</span>: <code>npm run check-config -- ${esc(p.file ?? 'FILE')}</code></p>`
      : '<p class="hint"><span lang="ko">자세한 내용은 이 컴퓨터의 화면에 표시됩니다.</span> <span lang="en">The details are shown on this machine\'s own screen.</span></p>') +
    `</main><script src="${SAFE_MODE_SCRIPT_PATH}"></script></body></html>`;
}

export const SAFE_MODE_CSS = `html { font-size: clamp(16px, 1.3vw, 40px); background: #10141a; color: #f2f4f7; font-family: "Noto Sans CJK KR", "Noto Sans KR", sans-serif; }
body { margin: 0; }
main { max-width: 70rem; margin: 0 auto; padding: 3rem 2rem; }
h1 { font-size: 2.6rem; margin: 0 0 1.5rem; color: #ffb454; }
h1 span[lang="en"] { display: block; font-size: 1.6rem; color: #c9d1d9; font-weight: 500; }
.lead { font-size: 1.25rem; line-height: 1.5; margin: 0 0 0.8rem; }
.lead[lang="en"] { color: #c9d1d9; }
ol { margin: 2rem 0; padding-left: 2rem; }
li { margin: 0 0 1.4rem; font-size: 1.15rem; }
li p { margin: 0.2rem 0; line-height: 1.4; }
li p[lang="en"] { color: #c9d1d9; font-size: 1rem; }
code { font-family: "Noto Sans Mono CJK KR", monospace; background: #1f2630; padding: 0.05em 0.3em; border-radius: 0.2em; }
code.key { color: #ffb454; font-size: 1.1rem; }
.hint { color: #9aa4b2; font-size: 0.95rem; }
`;

/** Polls /healthz; when it answers with anything but this safe mode (the fixed gateway, even while starting), reloads into the wall. */
export const SAFE_MODE_JS = `(function () {
  'use strict';
  var since = document.body.getAttribute('data-since');
  var every = Number(document.body.getAttribute('data-poll-ms')) || 2000;
  function later() { setTimeout(check, every); }
  function check() {
    fetch('/healthz', { cache: 'no-store' }).then(function (r) { return r.json(); }).then(function (h) {
      if (!h || h.status !== 'config-error' || String(h.since) !== since) location.reload();
      else later();
    }, later);
  }
  later();
})();
`;
