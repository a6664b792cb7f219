// SCPM setup page: test actions behind a confirmation on the page (never a
// browser dialog: the kiosk has none), then a POST to the gateway; the page
// itself is live over SSE. No eval, no inline script.
/* global fetch */
(function () {
  'use strict';
  if (window.htmx && window.htmx.registerExtension) {
    var NoEval = function () { throw new Error('htmx eval is disabled'); };
    window.htmx.registerExtension('scpm', { init: function (api) { api.initSecurity(null, NoEval, NoEval); } });
  }
  var PATHS = {
    restart: function (name) { return '/setup/bridges/' + encodeURIComponent(name) + '/restart'; },
    'test-order': function () { return '/setup/test-order'; },
    wake: function () { return '/setup/power/wake'; },
    sleep: function () { return '/setup/power/sleep'; },
  };
  // A bridge panel's own button (e.g. the simulated serial device sends a gesture).
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('[data-bridge-action]');
    if (!b) return;
    var path = b.getAttribute('data-bridge-action');
    if (!/^\/api\/v1\/[a-z0-9-]+\/setup\//.test(path)) return;
    fetch(path, { method: 'POST', credentials: 'same-origin' }).then(function (r) { b.setAttribute('data-result', r.ok ? 'ok' : 'failed'); }, function () { b.setAttribute('data-result', 'failed'); });
  });
  // A confirmation's state lives here, not only in its element: the live stream replaces a whole section every
  // few seconds while its counters move, and an open question, a pending action or its result must survive that.
  var confirmations = {};
  function keyOf(box) { return (box.getAttribute('data-setup-action') || '') + '|' + (box.getAttribute('data-name') || ''); }
  function showConfirmation(box, st) {
    var sure = box.querySelector('.sure');
    if (sure) sure.hidden = !st.open;
    if (st.busy) box.setAttribute('data-busy', 'true');
    else box.removeAttribute('data-busy');
    if (st.result) box.setAttribute('data-result', st.result);
  }
  function showConfirmations() {
    document.querySelectorAll('.confirmed').forEach(function (box) {
      var st = confirmations[keyOf(box)];
      if (st) showConfirmation(box, st);
    });
  }
  function setConfirmation(key, change) {
    var st = confirmations[key] || (confirmations[key] = { open: false, busy: false, result: null });
    for (var k in change) st[k] = change[k];
    showConfirmations();
  }
  document.addEventListener('htmx:after:swap', showConfirmations);
  document.addEventListener('click', function (e) {
    var box = e.target.closest && e.target.closest('.confirmed');
    if (!box) return;
    var key = keyOf(box);
    if (e.target.closest('.ask')) { setConfirmation(key, { open: true }); return; }
    if (e.target.closest('.no')) { setConfirmation(key, { open: false }); return; }
    if (!e.target.closest('.yes')) return;
    var action = box.getAttribute('data-setup-action');
    var path = PATHS[action] && PATHS[action](box.getAttribute('data-name') || '');
    if (!path) { setConfirmation(key, { open: false }); return; }
    setConfirmation(key, { open: false, busy: true });
    fetch(path, { method: 'POST', credentials: 'same-origin' }).then(function (r) {
      setConfirmation(key, { busy: false, result: r.ok ? 'ok' : 'failed' });
    }, function () { setConfirmation(key, { busy: false, result: 'failed' }); });
  });
  // The gateway writes on the stream every 2 s (sections or a ping); silent for longer (frozen, gone, a dead
  // socket), the figures on the page are no longer live: the page says so (setup.css) until it speaks again.
  var SILENT_MS = 10000;
  var heardAt = Date.now();
  function heard() {
    heardAt = Date.now();
    if (document.body.getAttribute('data-sse') === 'stalled') document.body.setAttribute('data-sse', 'up');
  }
  setInterval(function () {
    if (Date.now() - heardAt > SILENT_MS && document.body.getAttribute('data-sse') === 'up') document.body.setAttribute('data-sse', 'stalled');
  }, 2000);
  document.addEventListener('htmx:sse:before:message', heard);
  document.addEventListener('htmx:sse:after:connection', function () { document.body.setAttribute('data-sse', 'up'); heard(); });
  document.addEventListener('htmx:sse:error', function () { document.body.setAttribute('data-sse', 'down'); });
})();
