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
  document.addEventListener('click', function (e) {
    var box = e.target.closest && e.target.closest('.confirmed');
    if (!box) return;
    var sure = box.querySelector('.sure');
    if (e.target.closest('.ask')) { sure.hidden = false; return; }
    if (e.target.closest('.no')) { sure.hidden = true; return; }
    if (!e.target.closest('.yes')) return;
    sure.hidden = true;
    var action = box.getAttribute('data-setup-action');
    var path = PATHS[action] && PATHS[action](box.getAttribute('data-name') || '');
    if (!path) return;
    box.setAttribute('data-busy', 'true');
    fetch(path, { method: 'POST', credentials: 'same-origin' }).then(function (r) {
      box.setAttribute('data-result', r.ok ? 'ok' : 'failed');
    }, function () { box.setAttribute('data-result', 'failed'); }).then(function () { box.removeAttribute('data-busy'); });
  });
  document.addEventListener('htmx:sse:after:connection', function () { document.body.setAttribute('data-sse', 'up'); });
  document.addEventListener('htmx:sse:error', function () { document.body.setAttribute('data-sse', 'down'); });
})();
