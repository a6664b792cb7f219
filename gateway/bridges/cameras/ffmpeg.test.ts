import { describe, expect, it } from 'vitest';
import { ingestArgs, PROTOCOL_WHITELIST } from './ffmpeg-args.js';
import { errorFromLine, parseStreamLine } from './ffmpeg-stderr.js';
import { redact, urlSecrets } from './secrets.js';

describe('ffmpeg arguments', () => {
  it('are an argv array: input options before -i, the URL as one element, copy to fragmented MP4 on stdout', () => {
    const args = ingestArgs({ url: 'rtsp://u:p@10.0.0.5/ch1', transport: 'tcp', ioTimeoutMs: 3000 });
    const i = args.indexOf('-i');
    expect(args[i + 1]).toBe('rtsp://u:p@10.0.0.5/ch1');
    expect(args.slice(0, i)).toEqual(expect.arrayContaining(['-rtsp_transport', 'tcp', '-timeout', '3000000', '-protocol_whitelist', PROTOCOL_WHITELIST, '-probesize', '32']));
    expect(args.slice(i)).toEqual(expect.arrayContaining(['-c:v', 'copy', '-an', '-f', 'mp4', '-movflags', 'empty_moov+default_base_moof+frag_every_frame']));
    expect(args.at(-1)).toBe('pipe:1');
    expect(ingestArgs({ url: 'rtsp://h/x', transport: 'udp', ioTimeoutMs: 10, wideProbe: true })).toEqual(expect.arrayContaining(['udp', '500000', '-timeout', '500000']));
  });

  it('refuse a URL that did not pass the check (no other scheme, no spaces) and a bad transport', () => {
    expect(() => ingestArgs({ url: 'file:///etc/passwd', transport: 'tcp', ioTimeoutMs: 3000 })).toThrow('rtsp://');
    expect(() => ingestArgs({ url: 'rtsp://h/x -y /tmp/o', transport: 'tcp', ioTimeoutMs: 3000 })).toThrow();
    expect(() => ingestArgs({ url: 'rtsp://h/x', transport: 'http' as 'tcp', ioTimeoutMs: 3000 })).toThrow();
  });
});

describe('ffmpeg stderr', () => {
  it('reads codec, size and fps from the Stream line (input and output forms)', () => {
    expect(parseStreamLine('  Stream #0:0: Video: h264 (Constrained Baseline), yuv420p(tv, smpte170m, progressive), 640x360 [SAR 1:1 DAR 16:9], 25 fps, 25 tbr, 90k tbn'))
      .toEqual({ codecName: 'h264', profile: 'Constrained Baseline', width: 640, height: 360, fps: 25 });
    expect(parseStreamLine('  Stream #0:0: Video: hevc (Main) (hev1 / 0x31766568), yuv420p(tv, smpte170m), 1280x720 [SAR 1:1 DAR 16:9], q=2-31, 29.97 tbr, 90k tbn'))
      .toEqual({ codecName: 'hevc', profile: 'Main', width: 1280, height: 720, fps: 29.97 });
    expect(parseStreamLine("Input #0, rtsp, from 'rtsp://u:p@h/x':")).toBeNull();
    expect(parseStreamLine('  Stream #0:1: Audio: aac, 8000 Hz, mono')).toBeNull();
  });

  it('maps failures to fixed sentences that never carry the line (which quotes the URL)', () => {
    const url = 'rtsp://user:hunter22@10.0.0.5:554/x';
    const cases: [string, string][] = [
      [`${url}: Server returned 401 Unauthorized (authorization failed)`, 'auth'],
      [`${url}: Server returned 404 Not Found`, 'not-found'],
      [`${url}: Connection refused`, 'refused'],
      [`${url}: Connection timed out`, 'timeout'],
      [`${url}: Invalid data found when processing input`, 'no-rtsp'],
      [`[rtsp @ 0x55] method DESCRIBE failed: 503 Service Unavailable`, 'server-error'],
    ];
    for (const [line, kind] of cases) {
      const e = errorFromLine(line);
      expect(e?.kind, line).toBe(kind);
      expect(e!.words).not.toContain('hunter22');
      expect(e!.words).not.toContain('rtsp://');
    }
    expect(errorFromLine('frame=  100 fps= 25 q=-1.0 size=     512kB')).toBeNull();
  });
});

describe('camera URL secrets', () => {
  it('lists the URL, user:password and the password raw and percent-encoded, longest first', () => {
    const s = urlSecrets('rtsp://admin:Pa55%40word@10.0.0.5/x');
    expect(s[0]).toBe('rtsp://admin:Pa55%40word@10.0.0.5/x');
    expect(s).toEqual(expect.arrayContaining(['admin:Pa55%40word', 'admin:Pa55@word', 'Pa55%40word', 'Pa55@word']));
    const line = "Input #0, rtsp, from 'rtsp://admin:Pa55%40word@10.0.0.5/x': Pa55@word";
    expect(redact(line, s)).toBe("Input #0, rtsp, from '[secret]': [secret]");
  });

  it('does not redact a very short password alone (it would eat ordinary words), only inside user:password and the URL', () => {
    const s = urlSecrets('rtsp://a:e@h/x');
    expect(s).not.toContain('e');
    expect(redact('the camera rtsp://a:e@h/x', s)).toBe('the camera [secret]');
  });
});
