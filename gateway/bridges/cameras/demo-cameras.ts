// The demo's test cameras: with no camera configured in demo mode, a local
// GStreamer RTSP server (through the process port, so it dies with the
// gateway) plays three test pictures placed near the demo's incidents.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import type { ChildHandle, ProcessPort } from '../../process/types.js';
import type { CameraDevice } from './config.js';

/** Debian's python has the GObject bindings (shared/docs/test-rig.md). */
const SYSTEM_PYTHON = '/usr/bin/python3';
export const DEMO_CAMERAS_INSTALL = 'apt-get install --no-install-recommends python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly';

/** The demo's test cameras, near where the simulator puts incidents (scripts/simulator/places.ts). */
const DEMO: { id: string; mount: string; name: { en: string; ko: string }; district: string; lat: number; lon: number; pattern: string }[] = [
  { id: 'demo-gangnam', mount: 'gangnam', name: { en: 'Teheran-ro, Gangnam (test picture)', ko: '강남 테헤란로 (시험 화면)' }, district: '11230', lat: 37.5098, lon: 127.047, pattern: 'ball' },
  { id: 'demo-jung', mount: 'jung', name: { en: 'Eulji-ro, Jung-gu (test picture)', ko: '중구 을지로 (시험 화면)' }, district: '11020', lat: 37.5575, lon: 127.0086, pattern: 'smpte' },
  { id: 'demo-jongno', mount: 'jongno', name: { en: 'Jong-ro, Jongno (test picture)', ko: '종로 (시험 화면)' }, district: '11010', lat: 37.6066, lon: 126.971, pattern: 'snow' },
];

function demoServerScript(): string | null {
  // From the bundle (dist/gateway/), tsc's output (dist/gateway/bridges/cameras/) or the sources.
  const candidates = ['../../scripts/rig/rtsp-server.py', '../../../scripts/rig/rtsp-server.py', '../../../../scripts/rig/rtsp-server.py'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((p) => existsSync(p)) ?? null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export type DemoCameras = { devices: CameraDevice[]; server: ChildHandle | null; problem: string | null };

export async function startDemoCameras(processes: ProcessPort): Promise<DemoCameras> {
  const script = demoServerScript();
  if (!script || !existsSync(SYSTEM_PYTHON)) {
    return { devices: [], server: null, problem: `the demo's test cameras need GStreamer's RTSP server: ${DEMO_CAMERAS_INSTALL}` };
  }
  const port = await freePort();
  const server = processes.spawn({
    name: 'demo-rtsp-server',
    command: SYSTEM_PYTHON,
    args: [script, '--port', String(port), ...DEMO.flatMap((d) => ['--mount', `path=${d.mount},codec=h264,width=1280,height=720,fps=25,gop=25,pattern=${d.pattern}`])],
    ready: { line: /^READY/, timeoutMs: 10_000 },
    installHint: DEMO_CAMERAS_INSTALL,
    stdout: 'lines',
  });
  const devices: CameraDevice[] = DEMO.map((d) => ({
    id: d.id, name: d.name, district: d.district, location: { lat: d.lat, lon: d.lon },
    url: `rtsp://127.0.0.1:${port}/${d.mount}`, substream: null, transport: 'tcp', delivery: 'auto',
  }));
  return { devices, server, problem: null };
}
