import { describe, expect, it } from 'vitest';
import { cameraWarnings, camerasConfigSchema, checkCameraUrl, resolvedCameraProblems, type CamerasConfig } from './config.js';

const device = (over: Record<string, unknown> = {}) => ({
  id: 'gangnam-station-east', name: { en: 'Gangnam Station east', ko: '강남역 동측' }, district: '11230',
  location: { lat: 37.4979, lon: 127.0276 }, url: { env: 'CAM_GANGNAM_EAST' }, ...over,
});

describe('cameras config section', () => {
  it('accepts the issue\'s example and fills the defaults', () => {
    const c = camerasConfigSchema.parse({ devices: [device()] });
    expect(c).toMatchObject({ maxStreams: 4, idleStopSeconds: 30 });
    expect(c.devices[0]).toMatchObject({ substream: null, transport: 'tcp', delivery: 'auto' });
    expect(c.devices[0]!.url).toMatchObject({ ref: { env: 'CAM_GANGNAM_EAST' } }); // resolved by the config loader
  });

  it('accepts inline rtsp:// and rtsps:// URLs, {env} and {file}', () => {
    for (const url of ['rtsp://u:p@10.0.0.5:554/Streaming/Channels/101', 'rtsps://cam.example/live', { file: '/etc/scpm/cam.url' }]) {
      expect(camerasConfigSchema.safeParse({ devices: [device({ url })] }).success, JSON.stringify(url)).toBe(true);
    }
  });

  it('refuses other schemes, spaces and option-looking values, without quoting the secret', () => {
    for (const url of ['http://cam/x', 'file:///etc/passwd', '-i /etc/passwd', 'rtsp://h/x -f null', 'exec:ffmpeg', 'rtsp://host/\nx']) {
      const r = camerasConfigSchema.safeParse({ devices: [device({ url })] });
      expect(r.success, url).toBe(false);
      expect(JSON.stringify(r.error?.issues)).not.toContain(url.slice(0, 10));
    }
  });

  it('refuses duplicate ids, naming both places', () => {
    const r = camerasConfigSchema.safeParse({ devices: [device(), device({ name: { en: 'b', ko: 'b' } })] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.message).toContain('duplicate camera id "gangnam-station-east" (also devices[0])');
    expect(r.error!.issues[0]!.path).toEqual(['devices', 1, 'id']);
  });

  it('refuses bad ids, districts, transports and deliveries', () => {
    expect(camerasConfigSchema.safeParse({ devices: [device({ id: 'Bad Id' })] }).success).toBe(false);
    expect(camerasConfigSchema.safeParse({ devices: [device({ id: '../x' })] }).success).toBe(false);
    expect(camerasConfigSchema.safeParse({ devices: [device({ district: '1123' })] }).success).toBe(false);
    // Five digits, but not a district of the office's map: the camera would be on no district page.
    const offMap = camerasConfigSchema.safeParse({ devices: [device({ district: '11680' })] });
    expect(offMap.error?.issues[0]).toMatchObject({ path: ['devices', 0, 'district'], message: expect.stringContaining('one of the 25 district codes of the office\'s map (display/data/seoul-districts.geojson)') });
    expect(camerasConfigSchema.safeParse({ devices: [device({ transport: 'http' })] }).success).toBe(false);
    expect(camerasConfigSchema.safeParse({ devices: [device({ delivery: 'webrtc' })] }).success).toBe(false);
    expect(camerasConfigSchema.safeParse({ maxStreams: 0 }).success).toBe(false);
  });

  it('warns (does not refuse) when a camera lies outside Seoul; swapped coordinates are an error that says so', () => {
    const c = camerasConfigSchema.parse({ devices: [device(), device({ id: 'busan', location: { lat: 35.1, lon: 129.0 } }), device({ id: 'incheon-port', location: { lat: 37.45, lon: 126.6 } })] });
    const w = cameraWarnings(c);
    expect(w).toHaveLength(2);
    expect(w[0]).toMatch(/^cameras\.devices\[1\] \(busan\): location 35\.1, 129 lies outside Seoul/);
    expect(w[1]).toContain('(incheon-port)');
    const swapped = camerasConfigSchema.safeParse({ devices: [device({ location: { lat: 127.0276, lon: 37.4979 } })] });
    expect(swapped.error?.issues[0]?.message).toContain('lat and lon swapped?');
  });

  it('checks resolved URLs (from env or file) and names the field, not the value', () => {
    const resolved: CamerasConfig = {
      maxStreams: 4, idleStopSeconds: 30,
      devices: [
        { ...device(), url: 'http://user:hunter22@cam/x', substream: 'rtsp://ok/sub', transport: 'tcp', delivery: 'auto' },
        { ...device({ id: 'b' }), url: 'rtsp://ok/main', substream: 'rtsp://bad host/sub', transport: 'udp', delivery: 'mse' },
      ],
    };
    const problems = resolvedCameraProblems(resolved);
    expect(problems).toEqual([
      'cameras.devices[0] (gangnam-station-east).url must start with rtsp:// or rtsps://',
      'cameras.devices[1] (b).substream must not contain spaces or control characters',
    ]);
    expect(problems.join()).not.toContain('hunter22');
    expect(checkCameraUrl('rtsp://u:p@h:554/x?channel=1')).toBeNull();
    expect(checkCameraUrl('rtsp://u:p@h/x#frag')).toBe('must not contain a "#" fragment');
    expect(checkCameraUrl('rtsp://' + 'a'.repeat(3000))).toMatch(/longer than/);
  });
});
