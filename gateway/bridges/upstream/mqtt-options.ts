// Builds mqtt.js options for the city link: a persistent session (stable
// clientId, clean:false, session expiry under MQTT 5), a retained last will,
// TLS material from files and the password from the resolved secret.
import { readFileSync } from 'node:fs';
import type { IClientOptions } from 'mqtt';
import type { Config } from '../../config/load.js';

export function statusTopic(config: Config): string {
  return `${config.upstream.topicRoot}/offices/${config.office.id}/status`;
}

export interface LinkTarget { url: string; protocolVersion: 4 | 5; username?: string; password?: string }

export function upstreamTarget(config: Config, demo?: { url: string; username: string; password: string }): LinkTarget {
  if (demo) return { url: demo.url, protocolVersion: 4, username: demo.username, password: demo.password };
  return { url: config.upstream.url!, protocolVersion: config.upstream.protocolVersion, username: config.upstream.username, password: config.upstream.password };
}

export function mqttOptions(config: Config, target: LinkTarget, firstDelayMs: number): IClientOptions {
  const u = config.upstream;
  const opts: IClientOptions = {
    clientId: u.clientId,
    clean: false,
    protocolVersion: target.protocolVersion,
    keepalive: u.keepaliveSeconds,
    reconnectPeriod: firstDelayMs,
    connectTimeout: 10_000,
    resubscribe: true,
    // Our own bounded outbox lives in SQLite; never queue QoS 0 in memory while offline.
    queueQoSZero: false,
    will: { topic: statusTopic(config), payload: Buffer.from('{"online":false}'), qos: 1, retain: true },
  };
  if (target.protocolVersion === 5) opts.properties = { sessionExpiryInterval: u.sessionExpirySeconds, receiveMaximum: 1000 };
  if (target.username) opts.username = target.username;
  if (target.password) opts.password = target.password;
  if (u.tls && target.url.startsWith('mqtts:')) {
    if (u.tls.ca) opts.ca = readFileSync(u.tls.ca);
    if (u.tls.cert) opts.cert = readFileSync(u.tls.cert);
    if (u.tls.key) opts.key = readFileSync(u.tls.key);
    opts.rejectUnauthorized = u.tls.rejectUnauthorized;
  }
  return opts;
}
