// The cameras' series on /metrics, read at scrape time; labelled by camera
// id, never by URL.
import type { CameraView } from './camera-view.js';
import type { RegisterMetric } from './ports.js';

export interface CameraFigures {
  list(): CameraView[];
  /** Ingests running or stopping. */
  streams(): number;
  busy(): number;
  views(): number;
}

export function registerCameraMetrics(reg: RegisterMetric, f: CameraFigures): void {
  const perCamera = (pick: (c: CameraView) => number) => () => Object.fromEntries(f.list().map((c) => [c.id, pick(c)]));
  reg({ name: 'scpm_camera_streams', help: 'Camera ingests (ffmpeg processes) running or stopping.', type: 'gauge', read: f.streams });
  reg({ name: 'scpm_camera_viewers', help: 'Viewers per camera.', type: 'gauge', read: perCamera((c) => c.viewers + (c.substream?.viewers ?? 0)) });
  reg({ name: 'scpm_camera_restarts_total', help: 'ffmpeg exits per camera while it was wanted.', type: 'counter', read: perCamera((c) => c.restarts) });
  reg({ name: 'scpm_camera_frames_in_total', help: 'Frames received per camera.', type: 'counter', read: perCamera((c) => c.framesIn) });
  reg({ name: 'scpm_camera_frames_out_total', help: 'Frames sent to viewers per camera.', type: 'counter', read: perCamera((c) => c.framesOut) });
  reg({ name: 'scpm_camera_busy_total', help: 'Viewers refused because maxStreams ingests were running.', type: 'counter', read: f.busy });
  reg({ name: 'scpm_camera_views_total', help: 'Camera openings recorded in the view log.', type: 'counter', read: f.views });
}
