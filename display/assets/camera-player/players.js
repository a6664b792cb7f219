// Camera player part, last: a player for every camera element on the page,
// including ones htmx swaps in; ticks, and stops with the page.
/* global Player, MutationObserver */
let players = [];
function scan(root) {
  var list = (root || document).querySelectorAll ? (root || document).querySelectorAll('video[data-camera]') : [];
  for (var i = 0; i < list.length; i++) {
    var v = list[i];
    if (v.__scpmCamera) continue;
    v.__scpmCamera = new Player(v);
    players.push(v.__scpmCamera);
  }
}
function sweep() {
  players = players.filter(function (p) {
    if (!p.video.isConnected) { p.stop(); return false; }
    return !p.stopped || p.sticky !== null;
  });
}
scan(document);
setInterval(function () {
  for (var i = 0; i < players.length; i++) players[i].tick();
}, 250);
if (typeof MutationObserver !== 'undefined') {
  new MutationObserver(function () { sweep(); scan(document); }).observe(document.body, { childList: true, subtree: true });
}
window.addEventListener('pagehide', function () { for (var i = 0; i < players.length; i++) players[i].stop(); });
