// SCPM camera player: every <video data-camera="{id}"> plays its camera over
// a WebSocket carrying fragmented MP4 (H.264 passed through) into MSE.
/* global MediaSource, WebSocket, HTMLVideoElement, MutationObserver, location */
// Honest state in data-camera-state (on the video and its [data-camera-frame]):
//   connecting | live | stalled | offline | busy | unsupported
// "live" only while frames are painted (requestVideoFrameCallback); no frame
// for 2 s → stalled, with the last frame's age in the overlay, and a
// reconnect with backoff. Latency: the buffer ahead of the play head is kept
// ≤ 0.5 s (a little faster playback), and more than 1 s behind jumps to the
// live edge. The page is never reloaded. No eval, no inline script or style.
(function () {
  'use strict';
  var STALL_MS = 2000;
  var TARGET_AHEAD_S = 0.5;
  var MAX_AHEAD_S = 1.0;
  var KEEP_BEHIND_S = 0.5;
  var QUEUE_MAX_BYTES = 8 * 1024 * 1024;
  var BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];
  var BUSY_RETRY_MS = [5000, 10000, 20000, 30000];
  var STUCK_MS = 4000;
  var STREAM_BASE = '/cameras/stream/';
  var TEXT = {
    en: { connecting: 'Connecting…', live: 'LIVE', stalled: 'No picture for {s} s', offline: 'Camera offline', busy: 'All camera streams are in use', unsupported: 'Codec not playable here' },
    ko: { connecting: '연결 중…', live: '실시간', stalled: '{s}초째 영상 없음', offline: '카메라 연결 끊김', busy: '카메라 스트림이 모두 사용 중', unsupported: '이 화면에서 재생할 수 없는 코덱' },
  };
  var lang = (document.body && document.body.getAttribute('data-lang')) || document.documentElement.lang || 'en';
  var text = TEXT[lang] || TEXT.en;

  // ---- fragmented MP4: is this fragment's first sample a keyframe? ----
  function u32(b, i) { return ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3]; }
  function eachBox(b, start, end, fn) {
    var at = start;
    while (at + 8 <= end) {
      var size = u32(b, at);
      var head = 8;
      if (size === 1) { if (at + 16 > end || u32(b, at + 8) !== 0) return; size = u32(b, at + 12); head = 16; }
      if (size < head || at + size > end) return;
      var type = String.fromCharCode(b[at + 4], b[at + 5], b[at + 6], b[at + 7]);
      if (fn(type, at + head, at + size) === false) return;
      at += size;
    }
  }
  function trafFirstFlags(b, s, e) {
    var defaults = null;
    var first = null;
    eachBox(b, s, e, function (type, bs, be) {
      if (type === 'tfhd' && be - bs >= 8) {
        var f = u32(b, bs) & 0xffffff;
        var at = bs + 8 + (f & 1 ? 8 : 0) + (f & 2 ? 4 : 0) + (f & 8 ? 4 : 0) + (f & 0x10 ? 4 : 0);
        if (f & 0x20 && at + 4 <= be) defaults = u32(b, at);
      } else if (type === 'trun' && be - bs >= 8) {
        var g = u32(b, bs) & 0xffffff;
        var count = u32(b, bs + 4);
        var p = bs + 8 + (g & 1 ? 4 : 0);
        var firstFlags = null;
        if (g & 4 && p + 4 <= be) { firstFlags = u32(b, p); p += 4; }
        if (g & 0x400 && count > 0) {
          var q = p + (g & 0x100 ? 4 : 0) + (g & 0x200 ? 4 : 0);
          if (q + 4 <= be) firstFlags = u32(b, q);
        }
        first = firstFlags;
      }
    });
    return first !== null ? first : defaults;
  }
  function isKeyframe(buffer) {
    var b = new Uint8Array(buffer);
    var flags = null;
    eachBox(b, 0, b.length, function (type, s, e) {
      if (type !== 'moof') return true;
      eachBox(b, s, e, function (t, ts, te) {
        if (t !== 'traf') return true;
        flags = trafFirstFlags(b, ts, te);
        return false;
      });
      return false;
    });
    // sample_is_non_sync_sample is bit 16.
    return flags !== null && (flags & 0x10000) === 0;
  }

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

  Player.prototype.newSource = function (mime) {
    this.teardownSource();
    var ms = new MediaSource();
    this.ms = ms;
    this.mime = mime;
    var url = URL.createObjectURL(ms);
    ms.addEventListener('sourceopen', () => {
      URL.revokeObjectURL(url);
      if (this.ms !== ms) return;
      try {
        var sb = ms.addSourceBuffer(mime);
        // sequence: each fragment follows the previous one, so an ffmpeg restart
        // (timestamps from 0) or a skipped GOP leaves no gap to stall on.
        sb.mode = 'sequence';
        sb.addEventListener('updateend', () => { this.onUpdateEnd(sb); });
        sb.addEventListener('error', () => { this.reconnectNow(); });
        this.sb = sb;
        this.pump();
      } catch {
        this.sticky = 'unsupported';
        this.render(false);
        this.stop();
      }
    }, { once: true });
    this.video.src = url;
    this.play();
    this.watchFrames();
  };

  Player.prototype.teardownSource = function () {
    this.sb = null;
    this.keyTimes = [];
    this.appendingKeyAt = null;
    if (this.ms) {
      try { if (this.ms.readyState === 'open') this.ms.endOfStream(); } catch { /* closing anyway */ }
    }
    this.ms = null;
    this.mime = null;
  };

  Player.prototype.onData = function (buf) {
    if (!this.mime) return;
    if (this.queueBytes + buf.byteLength > QUEUE_MAX_BYTES) {
      // The decoder is not keeping up: start over at a keyframe rather than grow.
      this.reconnectNow();
      return;
    }
    this.queue.push(buf);
    this.queueBytes += buf.byteLength;
    this.pump();
  };

  Player.prototype.bufferedEnd = function () {
    var r = this.sb ? this.sb.buffered : null;
    return r && r.length ? r.end(r.length - 1) : 0;
  };

  Player.prototype.pump = function () {
    var sb = this.sb;
    if (!sb || sb.updating || !this.ms || this.ms.readyState !== 'open') return;
    if (this.queue.length === 0) { this.maintain(); return; }
    var buf = this.queue.shift();
    this.queueBytes -= buf.byteLength;
    this.appendingKeyAt = isKeyframe(buf) ? this.bufferedEnd() : null;
    try {
      sb.appendBuffer(buf);
    } catch {
      this.reconnectNow();
    }
  };

  Player.prototype.onUpdateEnd = function (sb) {
    if (sb !== this.sb) return;
    if (this.appendingKeyAt !== null) {
      this.keyTimes.push(this.appendingKeyAt);
      if (this.keyTimes.length > 30) this.keyTimes.shift();
      this.appendingKeyAt = null;
    }
    this.pump();
  };

  /** Live edge and trimming; runs when the SourceBuffer is idle and on every tick. */
  Player.prototype.maintain = function () {
    var sb = this.sb;
    var v = this.video;
    if (!sb || sb.updating || !sb.buffered.length) return;
    var r = sb.buffered;
    var end = r.end(r.length - 1);
    var lastStart = r.start(r.length - 1);
    var ahead = end - v.currentTime;
    if (ahead > MAX_AHEAD_S || v.currentTime < lastStart) {
      v.currentTime = Math.max(lastStart, end - 0.1);
      v.playbackRate = 1;
    } else if (ahead > TARGET_AHEAD_S) {
      v.playbackRate = 1.25;
    } else if (ahead < TARGET_AHEAD_S / 2) {
      v.playbackRate = 1;
    }
    // Trim behind the play head, but only up to a keyframe: removing a keyframe
    // also removes every frame that depends on it (MSE's removal algorithm).
    var cut = null;
    for (var i = 0; i < this.keyTimes.length; i++) if (this.keyTimes[i] <= v.currentTime - KEEP_BEHIND_S) cut = this.keyTimes[i];
    if (cut !== null && cut - r.start(0) > 0.05) {
      this.keyTimes = this.keyTimes.filter(function (t) { return t >= cut; });
      try { sb.remove(0, cut); } catch { /* retried on the next tick */ }
    }
    if (v.paused) this.play();
  };

  Player.prototype.tick = function () {
    if (this.stopped) return;
    if (!this.video.isConnected) { this.stop(); return; }
    this.maintain();
    if (!this.rvfc) {
      // Without requestVideoFrameCallback: a frame was painted if the media time moved.
      var t = this.video.currentTime;
      if (t !== this.lastMediaTime && this.video.readyState >= 2 && !this.video.paused) this.lastPaint = Date.now();
      this.lastMediaTime = t;
    } else {
      this.watchFrames();
    }
    var now = Date.now();
    // The server says frames flow but none is painted: the decoder is stuck, start over.
    if (this.ws && this.serverState === 'live' && now - Math.max(this.lastPaint, this.connectedAt) > STUCK_MS) {
      this.rebuild = true;
      this.reconnectNow();
    }
    if (this.lastPaint && now - this.lastPaint < STALL_MS && this.attempt > 0 && now - this.connectedAt > 10000) this.attempt = 0;
    this.render(false);
  };

  Player.prototype.state = function () {
    if (this.sticky) return this.sticky;
    if (this.busy) return 'busy';
    if (this.serverState === 'offline') return 'offline';
    var painting = this.lastPaint > 0 && Date.now() - this.lastPaint < STALL_MS;
    if (this.serverState === 'stalled') return painting && Date.now() - this.lastPaint < 500 ? 'live' : 'stalled';
    if (painting) return 'live';
    if (this.lastPaint > 0) return 'stalled';
    if (!this.ws && this.attempt > 2) return 'offline';
    return 'connecting';
  };

  Player.prototype.render = function (force) {
    var s = this.state();
    var label = text[s] || s;
    if (s === 'stalled') label = label.replace('{s}', String(this.lastPaint ? Math.floor((Date.now() - this.lastPaint) / 1000) : 0));
    if (!force && s === this.shown && (!this.overlay || this.overlay.getAttribute('data-text') === label)) return;
    this.shown = s;
    this.video.setAttribute('data-camera-state', s);
    if (this.frame && this.frame !== this.video) this.frame.setAttribute('data-camera-state', s);
    if (this.overlay) {
      this.overlay.setAttribute('data-text', label);
      var badge = this.overlay.querySelector('[data-camera-badge]') || this.overlay;
      badge.textContent = label;
      var reason = this.overlay.querySelector('[data-camera-reason]');
      if (reason) reason.textContent = (s === 'offline' || s === 'unsupported' || s === 'busy') ? this.serverReason : '';
    }
    // The last frame's age in whole seconds while stalled (for the overlay's text and for tests).
    if (s === 'stalled' && this.lastPaint) this.video.setAttribute('data-camera-frame-age', String(Math.floor((Date.now() - this.lastPaint) / 1000)));
    else this.video.removeAttribute('data-camera-frame-age');
  };

  Player.prototype.onClose = function (ws, code) {
    if (ws !== this.ws) return;
    this.ws = null;
    if (this.stopped || this.sticky) return;
    if (code === 4429) {
      this.busy = true;
      this.render(false);
      this.scheduleReconnect(true);
      return;
    }
    if (code === 4404 || code === 4403) {
      this.sticky = 'offline';
      this.serverReason = code === 4404 ? 'unknown camera' : 'refused';
      this.render(false);
      return;
    }
    this.render(false);
    this.scheduleReconnect(false);
  };

  Player.prototype.scheduleReconnect = function (busy) {
    if (this.reconnectTimer || this.stopped) return;
    var list = busy ? BUSY_RETRY_MS : BACKOFF_MS;
    var n = busy ? this.busyAttempt++ : this.attempt++;
    var delay = list[Math.min(n, list.length - 1)];
    delay = delay * (0.8 + Math.random() * 0.4);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = 0;
      this.connect();
    }, delay);
  };

  Player.prototype.reconnectNow = function () {
    var ws = this.ws;
    this.ws = null;
    this.queue = [];
    this.queueBytes = 0;
    this.rebuild = true;
    if (ws) { try { ws.close(1000, 'resync'); } catch { /* closed */ } }
    this.scheduleReconnect(false);
  };

  Player.prototype.stop = function () {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = 0;
    var ws = this.ws;
    this.ws = null;
    if (ws) { try { ws.close(1000, 'done'); } catch { /* closed */ } }
    this.queue = [];
    this.queueBytes = 0;
  };

  // ---- every camera element on the page, including ones htmx swaps in ----
  var players = [];
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
})();
