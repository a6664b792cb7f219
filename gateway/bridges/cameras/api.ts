// The cameras bridge's public surface (the descriptor is index.ts; this loads the implementation).
export { camerasConfigSchema, cameraWarnings, resolvedCameraProblems, checkCameraUrl, type CamerasConfig, type CamerasConfigRaw, type CameraDevice } from './config.js';
export { CameraManager, DEFAULT_TUNING, type CameraView, type CamerasHealth, type ProbeOutcome, type AttachResult } from './manager.js';
export { cameraApiApp } from './routes.js';
export { cameraSocketApp, crossSiteRefusal, socketClient, type CameraSocketOptions } from './socket.js';
export { cameraElementHtml, type CameraElementInput } from '../../../display/kit/camera-element.js';
export { CLOSE, type PlayerState, type HeaderMessage, type StateMessage } from './hub.js';
export { systemClock, type CameraManagerDeps, type CameraClient, type Clock, type RegisterMetric, type ViewLogEntry, type CameraTuning, type StreamVariant } from './ports.js';
