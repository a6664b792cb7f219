// The serial bridge's public surface (the descriptor is index.ts; this loads serialport).
export { SerialBridge, SIMULATED_DEVICE_ID, type SerialBridgeHealth, type MetricSample, type HelpEntry } from './bridge.js';
export { serialConfigSchema, DEFAULT_GESTURE_ACTIONS, type SerialConfig, type SerialConfigInput, type SerialDeviceConfig, type ActionTable } from './config.js';
export type { SerialBridgePorts, SerialActionsPort, Clock, PortFactory, SerialPortLike } from './ports.js';
export type { Recognition, FrameRecord, InputStats } from './input.js';
export type { SerialEvent, RejectReason } from './events.js';
export { REJECT_REASONS } from './events.js';
export type { Cue, Lang } from './cues.js';
export { ACTION_LABELS, cueFor } from './cues.js';
export { DemoDevice, SOCAT_INSTALL_HINT, socatSpec, type DemoStatus, type SendResult } from './demo-device.js';
export type { DeviceHealth } from './device.js';
export { setupPanelModel, type SetupPanelModel, type PanelDevice, type PanelFrame, type DeviceSnapshot } from './setup-panel.js';
export { GESTURE_SLUGS, type GestureSlug, type InputKey } from './gestures.js';
export { PROTOCOLS, PROTOCOL_NAMES, type ProtocolName } from './protocols/index.js';
