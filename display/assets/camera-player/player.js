// SCPM camera player: every <video data-camera="{id}"> plays its camera over
// a WebSocket carrying fragmented MP4 (H.264 passed through) into MSE.
// Honest state in data-camera-state (on the video and its [data-camera-frame]):
//   connecting | live | stalled | offline | busy | unsupported
// "live" only while frames are painted (requestVideoFrameCallback); no frame
// for 2 s → stalled, with the last frame's age in the overlay, and a
// reconnect with backoff. Latency: the buffer ahead of the play head is kept
// ≤ 0.5 s (a little faster playback), and more than 1 s behind jumps to the
// live edge. The page is never reloaded. No eval, no inline script or style.
//
// Served as one script, camera-player.js: the parts of this folder in the
// order display/assets.ts lists, inside one strict block (nothing reaches the
// page's global scope). This part: the player, its connection and the
// stream's messages.
/* exported Player */
/* global WebSocket, HTMLVideoElement, MediaSource, location */
const STREAM_BASE = '/cameras/stream/';

function streamUrl(video) {
  var path = video.getAttribute('data-camera-ws') || STREAM_BASE + encodeURIComponent(video.getAttribute('data-camera'));
  var variant = video.getAttribute('data-camera-variant');
  if (variant === 'sub') path += (path.indexOf('?') >= 0 ? '&' : '?') + 'variant=sub';
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path;
}

// ---- one player per <video data-camera> ----
function Player(video) {
  this.video = video;
  this.frame = video.closest('[data-camera-frame]') || video.parentElement;
  this.overlay = this.frame ? this.frame.querySelector('[data-camera-overlay]') : null;
  this.ws = null;
  this.ms = null;
  this.sb = null;
  this.mime = null;
  this.queue = [];
  this.queueBytes = 0;
  this.appendingKeyAt = null;
  this.keyTimes = [];
  this.lastPaint = 0;
  this.lastMediaTime = -1;
  this.serverState = null;
  this.serverReason = '';
  this.sticky = null;
  this.busy = false;
  this.attempt = 0;
  this.busyAttempt = 0;
  this.reconnectTimer = 0;
  this.connectedAt = 0;
  this.shown = '';
  this.stopped = false;
  this.rebuild = false;
  this.rvfc = typeof HTMLVideoElement !== 'undefined' && 'requestVideoFrameCallback' in HTMLVideoElement.prototype;
  this.rvfcPending = false;
  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;
  video.controls = false;
  video.addEventListener('pause', () => { if (!this.stopped) this.play(); });
  this.watchFrames();
  this.render(true);
  this.connect();
}

Player.prototype.play = function () {
  var p = this.video.play();
  if (p && p.catch) p.catch(function () { /* autoplay of a muted video may still be refused; retried on the next tick */ });
};

Player.prototype.watchFrames = function () {
  if (!this.rvfc || this.rvfcPending || this.stopped) return;
  this.rvfcPending = true;
  this.video.requestVideoFrameCallback(() => {
    this.rvfcPending = false;
    this.lastPaint = Date.now();
    this.watchFrames();
  });
};

Player.prototype.connect = function () {
  if (this.stopped || this.ws) return;
  var ws;
  try {
    ws = new WebSocket(streamUrl(this.video));
  } catch {
    this.scheduleReconnect(false);
    return;
  }
  ws.binaryType = 'arraybuffer';
  this.ws = ws;
  this.serverState = null;
  this.serverReason = '';
  this.connectedAt = Date.now();
  ws.onmessage = (ev) => {
    if (ws !== this.ws) return;
    if (typeof ev.data === 'string') this.onText(ev.data);
    else this.onData(ev.data);
  };
  ws.onclose = (ev) => { this.onClose(ws, ev.code); };
  ws.onerror = function () { /* a close event follows */ };
};

Player.prototype.onText = function (data) {
  var msg;
  try { msg = JSON.parse(data); } catch { return; }
  if (!msg || typeof msg !== 'object') return;
  if (msg.type === 'header' && typeof msg.mime === 'string') this.onHeader(msg);
  else if (msg.type === 'state' && typeof msg.state === 'string') {
    this.serverState = msg.state;
    this.serverReason = typeof msg.reason === 'string' ? msg.reason : '';
    if (msg.state === 'busy') this.busy = true;
    if (msg.state === 'unsupported') this.sticky = 'unsupported';
    this.render(false);
  }
};

Player.prototype.onHeader = function (h) {
  this.busy = false;
  this.busyAttempt = 0;
  var supported = typeof MediaSource !== 'undefined' && MediaSource.isTypeSupported(h.mime);
  this.video.setAttribute('data-camera-codec', String(h.codec || ''));
  if (!supported) {
    // Nothing to retry until a transcoding path exists: stay here, say why.
    this.sticky = 'unsupported';
    this.serverReason = String(h.codec || h.mime);
    this.render(false);
    this.stop();
    return;
  }
  if (this.rebuild || !this.sb || this.mime !== h.mime || !this.ms || this.ms.readyState !== 'open') this.newSource(h.mime);
  this.rebuild = false;
};
