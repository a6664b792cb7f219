// Camera player part: fragmented MP4, is this fragment's first sample a
// keyframe? (Trimming the buffer may cut only at keyframes.)
/* exported isKeyframe */
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
