// Camera player part: a closed stream, reconnecting with backoff and jitter
// (longer while every stream is busy), resyncing at once, stopping for good.
/* global Player */
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15000];
const BUSY_RETRY_MS = [5000, 10000, 20000, 30000];

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
