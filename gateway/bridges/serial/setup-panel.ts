// What the technician's setup page shows for the serial bridge: per device its
// port, protocol, open or not, frames in and rejected, the last 20 frames (hex
// and decoded) and the last gesture with the action it gave; and the demo
// device (or how to install socat). Data only: the host renders the HTML.
import type { Cue } from './cues.js';
import type { DemoStatus } from './demo-device.js';
import type { DeviceHealth } from './device.js';
import type { InputStats } from './input.js';

export interface DeviceSnapshot {
  health: DeviceHealth;
  input: InputStats;
  simulated: boolean;
}

export interface PanelFrame {
  at: number;
  ago: string;
  hex: string;
  decoded: string;
  ok: boolean;
}

export interface PanelDevice {
  id: string;
  /** From the device's HELLO line, when it sent one. */
  deviceName: string | null;
  simulated: boolean;
  port: string;
  protocol: string;
  baudRate: number;
  screen: string;
  open: boolean;
  /** "open for 3.2 s", "closed for 12 s: unplugged (…); next try in 0.8 s". */
  status: string;
  lastError: string | null;
  opens: number;
  unplugs: number;
  framesIn: number;
  rejectedTotal: number;
  /** Most frequent first. */
  rejected: { reason: string; count: number }[];
  /** Refractory: recognised again within the window, no action. */
  suppressed: number;
  actions: number;
  dispatchFailures: number;
  /** Newest first. */
  frames: PanelFrame[];
  lastGesture: { key: string; action: string | null; cue: Cue | null; at: number; ago: string } | null;
}

export interface SetupPanelModel {
  devices: PanelDevice[];
  demo: DemoStatus | null;
}

function ago(now: number, at: number): string {
  const s = Math.max(0, now - at) / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

export function setupPanelModel(devices: readonly DeviceSnapshot[], demo: DemoStatus | null, now: number): SetupPanelModel {
  return {
    demo,
    devices: devices.map(({ health: h, input: s, simulated }) => ({
      id: h.id,
      deviceName: s.helloName,
      simulated,
      port: h.port,
      protocol: h.protocol,
      baudRate: h.baudRate,
      screen: h.screen,
      open: h.open,
      status: h.status,
      lastError: h.lastError,
      opens: h.opens,
      unplugs: h.unplugs,
      framesIn: s.framesIn,
      rejectedTotal: s.rejectedTotal,
      rejected: Object.entries(s.rejected)
        .map(([reason, count]) => ({ reason, count: count ?? 0 }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
      suppressed: s.suppressed,
      actions: s.actions,
      dispatchFailures: s.dispatchFailures,
      frames: s.recent.map((f) => ({ ...f, ago: ago(now, f.at) })).reverse(),
      lastGesture: s.lastGesture
        ? { key: s.lastGesture.key, action: s.lastGesture.action?.action ?? null, cue: s.lastGesture.cue, at: s.lastGesture.at, ago: ago(now, s.lastGesture.at) }
        : null,
    })),
  };
}
