// Camera player part: the honest state (painting or not, what the server
// says) on every tick, and what the frame and its overlay show.
/* global Player */
const STALL_MS = 2000;
const STUCK_MS = 4000;
const TEXT = {
  en: { connecting: 'Connecting…', live: 'LIVE', stalled: 'No picture for {s} s', offline: 'Camera offline', busy: 'All camera streams are in use', unsupported: 'Codec not playable here' },
  ko: { connecting: '연결 중…', live: '실시간', stalled: '{s}초째 영상 없음', offline: '카메라 연결 끊김', busy: '카메라 스트림이 모두 사용 중', unsupported: '이 화면에서 재생할 수 없는 코덱' },
};
const lang = (document.body && document.body.getAttribute('data-lang')) || document.documentElement.lang || 'en';
const text = TEXT[lang] || TEXT.en;

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
