import { describe, expect, it } from 'vitest';
import { rtspServerProblem, startRtspServer } from './rtsp.js';
import { pidAlive } from './process.js';

describe('RTSP test camera', () => {
  it('can run here (python3-gi, GstRtspServer, x264enc, x265enc)', async () => {
    expect(await rtspServerProblem()).toBeNull();
  });

  it('starts, gives URLs with percent-encoded credentials, stops by PID', async () => {
    const s = await startRtspServer({ user: 'u', password: 'p@ss:x', mounts: [{ path: 'a' }] });
    try {
      expect(s.url('a')).toBe(`rtsp://u:p%40ss%3Ax@127.0.0.1:${s.port}/a`);
      expect(s.url('a', false)).toBe(`rtsp://127.0.0.1:${s.port}/a`);
      expect(pidAlive(s.pid)).toBe(true);
    } finally {
      await s.stop();
    }
    expect(s.running()).toBe(false);
  });
});
