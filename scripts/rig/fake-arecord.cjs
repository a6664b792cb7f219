#!/usr/bin/env node
// A stand-in for `arecord` where no microphone can run (CI machines have no
// sound card): the same arguments and the same output — raw 16 kHz mono
// 16-bit samples on stdout, a period at a time (-F, or 64 ms), in real time — from a
// "room" directory beside this script: steady hiss, with each WAV dropped in
// room/queue mixed in, in name order, as it is reached. A file room/fail makes
// it fail as a pulled USB microphone does; a device named in room/absent
// cannot be opened. When a WAV begins, room/started/<name> gets the time (ms
// epoch) of its first sample on the stream's clock. Errors read as arecord's own.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const room = path.join(path.dirname(fs.realpathSync(__filename)), '..', 'room');
const queue = path.join(room, 'queue');
const startedDir = path.join(room, 'started');
const args = process.argv.slice(2);
const device = args[args.indexOf('-D') + 1] || 'default';
const want = ['-f', 'S16_LE', '-r', '16000', '-c', '1', '-t', 'raw'];
for (let i = 0; i < want.length; i += 2) {
  if (args[args.indexOf(want[i]) + 1] !== want[i + 1]) {
    process.stderr.write(`arecord (fake): expected ${want[i]} ${want[i + 1]}\n`);
    process.exit(2);
  }
}
const absent = fs.existsSync(path.join(room, 'absent')) ? fs.readFileSync(path.join(room, 'absent'), 'utf8').split(/\s+/) : [];
if (absent.includes(device)) {
  process.stderr.write(`arecord: main:850: audio open error: No such file or directory\n`);
  process.exit(1);
}

// -F (period time, µs) as arecord takes it; without it, 64 ms.
const periodUs = args.includes('-F') ? Number(args[args.indexOf('-F') + 1]) : 64000;
const PERIOD = Math.max(16, Math.round((periodUs * 16) / 1000)); // samples
let seed = 12345;
const hiss = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return Math.round(((seed / 0x7fffffff) * 2 - 1) * 40); // about -62 dBFS
};
/** The samples of a 16 kHz mono 16-bit WAV (its data chunk). */
function samplesOf(file) {
  const b = fs.readFileSync(file);
  let at = 12;
  while (at + 8 <= b.length) {
    const id = b.toString('ascii', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    if (id === 'data') {
      const end = Math.min(b.length, at + 8 + size) & ~1;
      const out = new Int16Array((end - at - 8) / 2);
      for (let i = 0; i < out.length; i++) out[i] = b.readInt16LE(at + 8 + i * 2);
      return out;
    }
    at += 8 + size + (size & 1);
  }
  return new Int16Array(0);
}

let playing = null;
let playingAt = 0;
let playingName = '';
function next(sampleClock) {
  let names = [];
  try { names = fs.readdirSync(queue).filter((n) => n.endsWith('.wav')).sort(); } catch { /* no queue yet */ }
  if (!names.length) return;
  playingName = names[0];
  try { playing = samplesOf(path.join(queue, playingName)); } catch { playing = new Int16Array(0); }
  playingAt = 0;
  try {
    fs.mkdirSync(startedDir, { recursive: true });
    fs.writeFileSync(path.join(startedDir, playingName), String(sampleClock));
  } catch { /* the stamp is for benchmarks only */ }
}

const started = Date.now();
let sent = 0;
function tick() {
  if (fs.existsSync(path.join(room, 'fail'))) {
    fs.rmSync(path.join(room, 'fail'), { force: true });
    process.stderr.write('arecord: pcm_read:2221: read error: No such device\n');
    process.exit(1);
  }
  // Periods due by now (the clock, not the timer, sets the pace).
  while (sent * PERIOD * 1000 / 16000 <= Date.now() - started) {
    const out = Buffer.alloc(PERIOD * 2);
    for (let i = 0; i < PERIOD; i++) {
      if (!playing) next(started + ((sent * PERIOD + i) * 1000) / 16000);
      let v = hiss();
      if (playing) {
        v += playing[playingAt++];
        if (playingAt >= playing.length) {
          fs.rmSync(path.join(queue, playingName), { force: true });
          playing = null;
        }
      }
      out.writeInt16LE(Math.max(-32768, Math.min(32767, v)), i * 2);
    }
    process.stdout.write(out);
    sent++;
  }
}
process.stdout.on('error', () => process.exit(0));
setInterval(tick, 16);
