// SCPM wall display client: touch actions, swipe, ticking ages and clock,
// stale marking, URL following, build-id reload. No eval, no inline script.
/* global location, history, fetch, sessionStorage, CSS, AbortController */
// One block, not an IIFE, keeps every name below off the page's global scope
// (strict mode scopes a function declared in a block to it); each job is a
// named function, and the block ends by starting them in order.
'use strict';
{
  const body = document.body;
  const isPublic = body.getAttribute('data-public') === 'true';
  const screen = body.getAttribute('data-screen') || 'wall';
  const lang = body.getAttribute('data-lang') || 'en';
  const tz = (document.getElementById('clock') || body).getAttribute('data-tz') || undefined; // the page always names the office zone; without it, the browser's
  // Server clock offset, so ages and staleness agree with the gateway.
  let offset = Number(body.getAttribute('data-now') || Date.now()) - Date.now();
  const now = () => Date.now() + offset;
  const parse = (s) => { try { return JSON.parse(s); } catch { return null; } };

  // htmx eval disabled: hx-on, js:/javascript: values and trigger filters all throw.
  function disableHtmxEval() {
    if (!window.htmx || !window.htmx.registerExtension) return;
    var NoEval = function () { throw new Error('htmx eval is disabled on the wall display'); };
    window.htmx.registerExtension('scpm', { init: function (api) { api.initSecurity(null, NoEval, NoEval); } });
  }

  // ---- ages, clock, staleness ----
  function ageText(ms) {
    var s = Math.max(0, Math.round((now() - ms) / 1000));
    var ko = lang === 'ko';
    if (s < 60) return ko ? '방금' : 'just now';
    var m = Math.floor(s / 60);
    var span = m < 60 ? m + (ko ? ' 분' : ' min') : m < 2880 ? Math.floor(m / 60) + (ko ? ' 시간' : ' h') : Math.floor(m / 1440) + (ko ? ' 일' : ' d');
    return ko ? span + ' 전' : span + ' ago';
  }
  function tickAges() {
    var els = document.querySelectorAll('time[data-age]');
    for (var i = 0; i < els.length; i++) {
      var ms = Date.parse(els[i].getAttribute('datetime'));
      if (!isNaN(ms)) { var txt = ageText(ms); if (els[i].textContent !== txt) els[i].textContent = txt; }
    }
  }
  function tickClock() {
    var c = document.getElementById('clock');
    if (!c) return;
    var txt = new Date(now()).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: tz });
    if (c.textContent !== txt) c.textContent = txt;
  }
  // The stream vouches for the figures: the gateway writes on it at least every 10 s (scpm:ping). Silent for
  // longer than STREAM_SILENT_MS (a frozen or dead gateway, a connection cut without a reset, a page back from
  // sleep), the page can no longer tell a live figure from a stale one: every figure is marked stale until the
  // stream speaks again, and the silent stream is dropped so that a new one is opened (watchStream).
  var STREAM_SILENT_MS = 25000;
  var heardAt = Date.now();
  function setSse(state) { if (body.getAttribute('data-sse') !== state) body.setAttribute('data-sse', state); }
  // data-silent: the page cannot vouch for the link either (wall.css hides 'link up'), whether the stream is open
  // and quiet or every reconnect fails.
  function streamSilent() {
    var silent = Date.now() - heardAt > STREAM_SILENT_MS;
    if (silent && !body.hasAttribute('data-silent')) body.setAttribute('data-silent', 'true');
    return silent;
  }
  function heard() {
    heardAt = Date.now();
    if (body.hasAttribute('data-silent')) { body.removeAttribute('data-silent'); markStale(); }
  }
  function markStale() {
    var down = streamSilent() || body.getAttribute('data-link') === 'down';
    var t = now();
    var els = document.querySelectorAll('[data-key], [data-stale-at]');
    for (var i = 0; i < els.length; i++) {
      var at = Number(els[i].getAttribute('data-stale-at'));
      var stale = down || (els[i].hasAttribute('data-stale-at') && t >= at);
      if (stale && els[i].getAttribute('data-stale') !== 'true') els[i].setAttribute('data-stale', 'true');
      else if (!stale && els[i].hasAttribute('data-stale')) els[i].removeAttribute('data-stale');
    }
  }
  function startTicking() {
    setInterval(tickClock, 1000);
    setInterval(function () { tickAges(); markStale(); }, 5000);
  }

  // ---- SSE events from the gateway ----
  function onHello(e) {
    var d = parse(e.detail && e.detail.data);
    if (!d || !d.build) return;
    var mine = body.getAttribute('data-build');
    if (d.build !== mine) {
      // The gateway was upgraded: reload once, controlled (never in a loop).
      var key = 'scpm-reloaded-for';
      var done = null;
      try { done = sessionStorage.getItem(key); } catch { /* storage off */ }
      if (done !== d.build) {
        try { sessionStorage.setItem(key, d.build); } catch { /* storage off */ }
        location.reload();
      }
    }
  }
  function onState(e) {
    var d = parse(e.detail && e.detail.data);
    if (!d) return;
    if (typeof d.now === 'number') offset = d.now - Date.now();
    if (d.link) body.setAttribute('data-link', d.link.up ? 'up' : 'down');
    if (d.path && d.path !== location.pathname + location.search) {
      try { history.replaceState(null, '', d.path); } catch { /* ignore */ }
    }
    setTimeout(function () { markStale(); tickAges(); }, 0);
  }
  // A figure patch (scpm:figs): only the figures that changed; the rest of its panel follows.
  // A body is the figure's HTML (redrawn with outerHTML, which parses in its parent's namespace, SVG too)
  // or an edit {tag, attrs, text} of an element with text only, applied in place without parsing.
  // An edit is checked whole before it touches the element: a malformed one must not strip the element's key.
  var ATTR_NAME = /^[a-z][a-z0-9:-]*$/;
  function isEdit(b) {
    if (!b || typeof b !== 'object' || !ATTR_NAME.test(b.tag) || typeof b.text !== 'string') return false;
    if (!b.attrs || typeof b.attrs !== 'object' || Array.isArray(b.attrs)) return false;
    for (var a in b.attrs) if (!Object.prototype.hasOwnProperty.call(b.attrs, a) || !ATTR_NAME.test(a) || typeof b.attrs[a] !== 'string') return false;
    return true;
  }
  function editFigure(el, b) {
    if (el.localName !== b.tag) {
      var fresh = document.createElementNS(el.namespaceURI, b.tag);
      el.replaceWith(fresh);
      el = fresh;
    }
    for (var k = el.attributes.length - 1; k >= 0; k--) {
      var name = el.attributes[k].name;
      if (!Object.prototype.hasOwnProperty.call(b.attrs, name)) el.removeAttribute(name);
    }
    for (var a in b.attrs) if (el.getAttribute(a) !== b.attrs[a]) el.setAttribute(a, b.attrs[a]);
    if (el.textContent !== b.text) el.textContent = b.text;
  }
  function onFigures(e) {
    var rows = parse(e.detail && e.detail.data);
    if (!Array.isArray(rows)) return;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var box = Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'string' && document.getElementById(r[0]);
      if (!box) continue;
      var els = box.querySelectorAll('[data-key="' + CSS.escape(r[1]) + '"]');
      var body = r[2];
      if (typeof body !== 'string' && !isEdit(body)) continue;
      for (var j = 0; j < els.length; j++) {
        if (typeof body === 'string') els[j].outerHTML = body;
        else editFigure(els[j], body);
      }
    }
  }
  function followGateway() {
    document.addEventListener('scpm:hello', onHello);
    document.addEventListener('scpm:state', onState);
    document.addEventListener('scpm:figs', onFigures);
    document.addEventListener('htmx:sse:after:connection', function () { setSse('up'); heard(); });
    document.addEventListener('htmx:sse:before:message', heard);
    document.addEventListener('scpm:ping', function (e) {
      var d = parse(e.detail && e.detail.data);
      if (d && typeof d.now === 'number') offset = d.now - Date.now();
    });
    document.addEventListener('htmx:sse:error', function () { setSse('down'); });
    document.addEventListener('htmx:after:swap', function () { markStale(); tickAges(); });
  }

  // ---- a silent stream is a dead one ----
  // A stream silent past STREAM_SILENT_MS would otherwise stay open with the page frozen for good (a hung gateway, a
  // connection cut without a reset): its reader is cancelled, which makes hx-sse open a new stream (its own backoff).
  // A stream that never opened (its first request failed: the gateway went between the page and its stream, or
  // answered 503, full) gets no retry from hx-sse, which only retries a stream it has had: the page starts it again,
  // with backoff and jitter (a public crowd must not storm a full gateway).
  var cancelledAt = 0;
  var openBy = Date.now() + 10000;
  var opens = 0;
  function reopen(el) {
    if (Date.now() < openBy) return;
    setSse('down');
    opens++;
    openBy = Date.now() + Math.min(60000, 10000 * Math.pow(2, opens)) * (0.7 + 0.6 * Math.random());
    var fresh = el.cloneNode(false);
    el.replaceWith(fresh);
    window.htmx.process(fresh);
  }
  function watchStream() {
    setInterval(function () {
      var el = document.getElementById('sse');
      var conn = el && el._htmx && el._htmx.sse; // hx-sse 4.0.1's connection (its reader is null while it reconnects)
      if (el && !conn) return reopen(el);
      opens = 0;
      openBy = Date.now() + 10000;
      if (!conn || !conn.reader || Date.now() - Math.max(heardAt, cancelledAt) <= STREAM_SILENT_MS) return;
      cancelledAt = Date.now(); // one cancel per silent spell, never a storm
      setSse('down');
      conn.reader.cancel();
    }, 5000);
  }

  // ---- touch: actions go to the gateway; the new page comes back over SSE ----
  // The action's payload: its screen and source, and what the tapped control names.
  function actionPayload(a, el, source) {
    var payload = { screen: screen, action: a, source: source || 'touch' };
    if (!el) return payload;
    var map = { page: 'data-page', district: 'data-district', category: 'data-category', item: 'data-item', metric: 'data-metric', camera: 'data-camera-id' };
    for (var k in map) { var v = el.getAttribute(map[k]); if (v) payload[k] = v; }
    if (a === 'navigate' && !payload.page) {
      // metric chips stay on the current page
      var main = document.getElementById('main');
      var p = (main && main.getAttribute('data-path')) || '/';
      var seg = p.split('?')[0].split('/').filter(Boolean);
      payload.page = seg[0] || 'overview';
      if (seg[0] === 'district') payload.district = seg[1];
      if (seg[0] === 'admin' && seg[1]) payload.category = seg[1];
    }
    if (a === 'navigate' && el.getAttribute('data-open')) payload.item = el.getAttribute('data-open');
    return payload;
  }
  // A JSON POST given up after 8 s: on a path that went silent (a hung gateway, a cut without a reset) it would
  // otherwise hold its connection for good, and every heartbeat another, until new requests queue behind them.
  function post(url, data) {
    var ctl = new AbortController();
    var timer = setTimeout(function () { ctl.abort(); }, 8000);
    return fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin', body: JSON.stringify(data), signal: ctl.signal,
    }).finally(function () { clearTimeout(timer); });
  }
  // Resolves to whether the gateway took the action.
  function act(a, el, source) {
    return post('/api/v1/actions', actionPayload(a, el, source)).then(function (r) { return r.ok; }, function () { return false; });
  }
  // Heartbeat: the gateway shows it in /healthz, and the kiosk's watchdog restarts a page that has gone quiet (a hung renderer).
  function startHeartbeat() {
    if (isPublic) return;
    var beat = function () {
      post('/api/v1/screens/' + encodeURIComponent(screen) + '/heartbeat', { page: location.pathname })
        .catch(function () { /* the gateway is away: the SSE reconnect brings the page back */ });
    };
    beat();
    setInterval(beat, 10000);
  }
  function handleTaps() {
    document.addEventListener('click', function (e) {
      if (isPublic) return;
      var el = e.target.closest && e.target.closest('[data-action]');
      if (!el) return;
      var a = el.getAttribute('data-action');
      if (body.getAttribute('data-sse') !== 'up') return; // not live: plain navigation
      e.preventDefault();
      var href = el.getAttribute('href');
      act(a, el).then(function (ok) { if (!ok && href) location.href = href; });
    });
  }
  // Press feedback at once (< 100 ms), for every control.
  function showPresses() {
    document.addEventListener('pointerdown', function (e) {
      var el = e.target.closest && e.target.closest('a, button');
      if (el) { el.classList.add('pressed'); setTimeout(function () { el.classList.remove('pressed'); }, 220); }
    }, { passive: true });
  }

  // ---- swipe left/right = next/previous page ----
  function handleSwipes() {
    var sx = 0, sy = 0, st = 0, tracking = false;
    document.addEventListener('pointerdown', function (e) { sx = e.clientX; sy = e.clientY; st = Date.now(); tracking = true; }, { passive: true });
    document.addEventListener('pointerup', function (e) {
      if (!tracking) return;
      tracking = false;
      var dx = e.clientX - sx, dy = e.clientY - sy;
      if (Date.now() - st > 900 || Math.abs(dx) < 120 || Math.abs(dy) > Math.abs(dx) * 0.6) return;
      var dir = dx < 0 ? 'next-page' : 'previous-page';
      if (isPublic || body.getAttribute('data-sse') !== 'up') {
        var link = document.querySelector('#nav [data-action="' + dir + '"]');
        if (link) location.href = link.getAttribute('href');
        return;
      }
      act(dir, null, 'touch');
    }, { passive: true });
  }

  disableHtmxEval();
  startTicking();
  followGateway();
  watchStream();
  startHeartbeat();
  handleTaps();
  showPresses();
  handleSwipes();
  tickClock(); tickAges(); markStale();
}
