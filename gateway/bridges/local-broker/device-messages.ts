// A device's publish under its own prefix, to the bus as `device:message`
// (the bridges that map devices to actions listen there). Payloads are JSON
// of at most 64 KiB; anything else is logged rate-limited and dropped.
import type { AedesPublishPacket, Client } from 'aedes';
import type { BusPort } from '../../bus.js';
import type { RateLimitedLog } from '../../log/rate-limited.js';
import type { Acl } from './acl.js';
import type { ConnectedClients } from './clients.js';
import type { DeviceStats } from './device-stats.js';
import { MAX_PAYLOAD_BYTES } from './limits.js';

export function deviceMessages(o: { acl: Acl; clients: ConnectedClients; deviceStats: DeviceStats; bus: BusPort; limited: RateLimitedLog }) {
  return (packet: AedesPublishPacket, client: Client | null): void => {
    const user = o.clients.userOf(client);
    if (user?.kind !== 'device') return;
    const { deviceId } = user;
    const subtopic = o.acl.deviceSubtopic(deviceId, packet.topic);
    if (subtopic === null) return;
    o.deviceStats.message(deviceId);
    const raw = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    // A zero-length payload clears a retained message: nothing to report.
    if (raw.length === 0) return;
    const where = { deviceId, subtopic: subtopic.slice(0, 200) };
    if (raw.length > MAX_PAYLOAD_BYTES) {
      o.limited('device-oversize', 'warn', { ...where, bytes: raw.length }, 'device message over 64 KiB ignored');
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      o.limited('device-not-json', 'warn', { ...where, bytes: raw.length }, 'device message is not JSON; ignored');
      return;
    }
    try {
      o.bus.emit('device:message', { deviceId, subtopic, payload });
    } catch (err) {
      o.limited('device-listener-failed', 'error', { err: (err as Error).message, ...where }, 'device:message listener failed');
    }
  };
}
