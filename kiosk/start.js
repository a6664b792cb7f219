// The kiosk's start page: "starting…" in both languages (office.language
// first) until the gateway answers, then the wall. Query string, set by the
// kiosk launcher (scripts/kiosk/command.ts): lang=en|ko, wall=<wall URL>.
// GET /healthz is probed with CORS (to read status and problems) and, when
// that cannot be read, with no-cors (an opaque answer still proves the gateway
// is up). Safe mode (status "config-error") lists the gateway's problems.
/* global URLSearchParams, AbortController, fetch, location */
'use strict';

// A block, not a function: in strict mode its functions and constants stay in it.
{
  const DEFAULT_WALL = 'http://127.0.0.1:8080/';
  const MAX_PROBLEMS = 50;
  const MAX_PROBLEM_CHARS = 400;
  const PROBE_TIMEOUT_MS = 3000;
  const RETRY_MIN_MS = 500;
  const RETRY_MAX_MS = 3000;
  const CONFIG_ERROR_POLL_MS = 5000;

  const params = new URLSearchParams(location.search);
  const lang = params.get('lang') === 'ko' ? 'ko' : 'en';
  const wall = wallUrl(params.get('wall'));
  const health = new URL('/healthz', wall).href;
  document.body.dataset.wall = wall;

  function wallUrl(text) {
    try {
      const u = new URL(text || DEFAULT_WALL);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : DEFAULT_WALL;
    } catch {
      return DEFAULT_WALL;
    }
  }

  // office.language's line first, the other language below it.
  document.documentElement.lang = lang;
  for (const section of document.querySelectorAll('.message')) {
    const first = section.querySelector('[data-lang="' + lang + '"]');
    if (first) section.insertBefore(first, section.firstElementChild);
  }

  function show(state) {
    document.body.dataset.state = state;
    document.getElementById('starting').hidden = state !== 'starting';
    document.getElementById('config-error').hidden = state !== 'config-error';
  }

  function showProblems(problems) {
    const list = document.getElementById('problems');
    list.textContent = '';
    const items = Array.isArray(problems) ? problems.slice(0, MAX_PROBLEMS) : [];
    for (const p of items) {
      const li = document.createElement('li');
      li.textContent = String(p).slice(0, MAX_PROBLEM_CHARS);
      list.appendChild(li);
    }
    if (Array.isArray(problems) && problems.length > MAX_PROBLEMS) {
      const li = document.createElement('li');
      li.textContent = '… +' + (problems.length - MAX_PROBLEMS);
      list.appendChild(li);
    }
    show('config-error');
  }

  async function get(mode) {
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), PROBE_TIMEOUT_MS);
    try {
      return await fetch(health, { mode: mode, cache: 'no-store', credentials: 'omit', signal: ctl.signal });
    } finally {
      clearTimeout(timer);
    }
  }

  // 'down' | 'up' | 'stopping' | {problems}
  async function probe() {
    let res;
    try {
      res = await get('cors');
    } catch {
      // Down, or up but not readable from this page (no CORS header): an opaque answer tells which.
      try {
        await get('no-cors');
        return 'up';
      } catch {
        return 'down';
      }
    }
    let body = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    const status = body && typeof body === 'object' ? body.status : undefined;
    if (status === 'config-error') return { problems: body.problems };
    if (status === 'stopping') return 'stopping';
    return 'up';
  }

  let attempts = 0;
  let delay = RETRY_MIN_MS;
  async function loop() {
    attempts++;
    document.body.dataset.attempts = String(attempts);
    const result = await probe();
    if (result === 'up') {
      document.body.dataset.state = 'leaving';
      location.replace(wall);
      return;
    }
    if (result !== 'down' && result !== 'stopping') {
      showProblems(result.problems);
      setTimeout(loop, CONFIG_ERROR_POLL_MS);
      return;
    }
    show('starting');
    document.getElementById('attempts').textContent = attempts > 3 ? '· '.repeat(Math.min(attempts, 40) % 4 + 1).trim() : '';
    setTimeout(loop, delay);
    delay = Math.min(RETRY_MAX_MS, Math.round(delay * 1.5));
  }

  loop();
}
