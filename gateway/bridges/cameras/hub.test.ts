// The hub's own logic with recording clients (real sockets are in test/cameras.test.ts).
import { beforeAll, describe, expect, it } from 'vitest';
import { StreamHub, CLOSE, type HeaderMessage } from './hub.js';
import { Fmp4Segmenter, type Fragment, type InitSegment } from './segmenter.js';
import { testStream } from './test-streams.js';
import type { CameraClient, Clock } from './ports.js';

let init: InitSegment;
let frags: Fragment[];

beforeAll(async () => {
  const seg = new Fmp4Segmenter();
  const ev = seg.push(await testStream({ codec: 'h264', seconds: 3, gop: 25 }));
  init = seg.init!;
  frags = ev.flatMap((e) => (e.kind === 'fragment' ? [e.fragment] : []));
}, 30_000);

const header = (gen = 1): HeaderMessage => ({ type: 'header', camera: 'c', variant: 'main', mime: 'video/mp4; codecs="avc1.42C00C"', codec: 'avc1.42C00C', family: 'h264', width: 320, height: 180, gen });

function recorder(who = 'x') {
  const got: { kind: 'text' | 'bin'; text?: string; bytes?: Buffer }[] = [];
  let buffered = 0;
  let closed: number | null = null;
  const client: CameraClient = {
    who,
    sendText: (t) => void got.push({ kind: 'text', text: t }),
    sendBinary: (b) => void got.push({ kind: 'bin', bytes: b }),
    bufferedAmount: () => buffered,
    close: (code) => void (closed = code),
  };
  return { client, got, setBuffered: (n: number) => (buffered = n), closed: () => closed, fragments: () => got.filter((g) => g.kind === 'bin' && g.bytes!.toString('latin1', 4, 8) === 'moof').map((g) => frags.find((f) => f.bytes === g.bytes)!) };
}

function clock(): Clock & { t: number } {
  const c = { t: 0, now: () => c.t, after: () => ({ cancel() {} }), every: () => ({ cancel() {} }) };
  return c;
}

describe('stream hub', () => {
  it('sends header, then init, then fragments from a keyframe to a viewer who joins mid-GOP', () => {
    const hub = new StreamHub({ highWaterBytes: 1 << 20, slowCloseMs: 5000, clock: clock() });
    hub.setInit(header(), init);
    for (const f of frags.slice(0, 10)) hub.fragment(f);
    const r = recorder();
    hub.add(r.client, []);
    for (const f of frags.slice(10, 30)) hub.fragment(f);
    expect(JSON.parse(r.got[0]!.text!)).toMatchObject({ type: 'header', mime: 'video/mp4; codecs="avc1.42C00C"' });
    expect(r.got[1]!.bytes).toBe(init.bytes);
    // Frames 10..24 are skipped: they depend on a keyframe this viewer never got.
    expect(r.fragments()[0]).toBe(frags[25]);
    expect(r.fragments()).toHaveLength(5);
  });

  it('a viewer over the high-water mark is skipped, resumes at the next keyframe, and is closed if stuck too long', () => {
    const c = clock();
    const hub = new StreamHub({ highWaterBytes: 10_000, slowCloseMs: 2000, clock: c });
    hub.setInit(header(), init);
    const fast = recorder('fast');
    const slow = recorder('slow');
    hub.add(fast.client, []);
    hub.add(slow.client, []);
    hub.fragment(frags[0]!);
    hub.fragment(frags[1]!);
    slow.setBuffered(50_000);
    for (const f of frags.slice(2, 20)) {
      c.t += 40;
      hub.fragment(f);
    }
    slow.setBuffered(0);
    for (const f of frags.slice(20, 30)) hub.fragment(f);
    expect(fast.fragments()).toHaveLength(30);
    // The slow one got 0,1, nothing while behind, then nothing until keyframe 25.
    expect(slow.fragments()).toEqual([frags[0], frags[1], ...frags.slice(25, 30)]);
    expect(hub.counts.skipped).toBe(1);
    slow.setBuffered(50_000);
    for (const f of frags.slice(30, 75)) {
      c.t += 100;
      hub.fragment(f);
    }
    expect(slow.closed()).toBe(CLOSE.tooSlow);
    expect(hub.size).toBe(1);
  });

  it('a new init (ffmpeg restarted) goes to everyone, who then wait for its keyframe; a throwing client is dropped', () => {
    const hub = new StreamHub({ highWaterBytes: 1 << 20, slowCloseMs: 5000, clock: clock() });
    hub.setInit(header(1), init);
    const r = recorder();
    hub.add(r.client, []);
    hub.fragment(frags[0]!);
    hub.setInit(header(2), init);
    hub.fragment(frags[1]!);
    hub.fragment(frags[25]!);
    const kinds = r.got.map((g) => (g.kind === 'text' ? JSON.parse(g.text!).gen : g.bytes === init.bytes ? 'init' : frags.indexOf(frags.find((f) => f.bytes === g.bytes)!)));
    expect(kinds).toEqual([1, 'init', 0, 2, 'init', 25]);
    const bad: CameraClient = { who: 'bad', sendText: () => { throw new Error('closed'); }, sendBinary: () => { throw new Error('closed'); }, bufferedAmount: () => 0, close: () => undefined };
    hub.add(bad, []);
    expect(hub.size).toBe(1);
  });

  it('tells state changes once, and repeats none but "stalled"', () => {
    const hub = new StreamHub({ highWaterBytes: 1 << 20, slowCloseMs: 5000, clock: clock() });
    const r = recorder();
    hub.add(r.client, []);
    hub.state({ type: 'state', state: 'live' });
    hub.state({ type: 'state', state: 'live' });
    hub.state({ type: 'state', state: 'offline', reason: 'connection refused' });
    const late = recorder();
    hub.add(late.client, []);
    expect(r.got.map((g) => JSON.parse(g.text!).state)).toEqual(['live', 'offline']);
    expect(JSON.parse(late.got[0]!.text!)).toEqual({ type: 'state', state: 'offline', reason: 'connection refused' });
  });
});
