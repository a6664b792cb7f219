// Camera player part: the MediaSource and its SourceBuffer; a bounded queue of
// fragments, the live edge and trimming behind the play head.
/* global Player, MediaSource, isKeyframe */
const TARGET_AHEAD_S = 0.5;
const MAX_AHEAD_S = 1.0;
const KEEP_BEHIND_S = 0.5;
const QUEUE_MAX_BYTES = 8 * 1024 * 1024;

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
