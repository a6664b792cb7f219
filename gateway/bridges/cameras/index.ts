// CCTV on the wall on demand: one supervised ffmpeg per watched camera, H.264
// passed through to fragmented MP4 over a WebSocket (MSE in the page), honest
// state, never a URL outside the bridge. Implementation: host-bridge.ts.
import { defineBridge } from '../types.js';
import { camerasConfigSchema, cameraWarnings, resolvedCameraProblems } from './config.js';

export const cameras = defineBridge({
  name: 'cameras',
  configKey: 'cameras',
  configSchema: camerasConfigSchema.prefault({}),
  check: (section) => resolvedCameraProblems(section),
  warnings: (section) => cameraWarnings(section),
  // In demo mode, test cameras from a local RTSP server (where GStreamer is installed).
  enabled: ({ section, office }) => section.devices.length > 0 || office.demo,
  load: async () => ({ create: (await import('./host-bridge.js')).createCamerasHostBridge }),
});
