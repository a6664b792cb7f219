// Builds mqtt.js options for the city link: a persistent session (stable
// clientId, clean:false, session expiry under MQTT 5), a packet size bound
// advertised under MQTT 5, a retained last will,
// TLS material from files and the password from the resolved secret.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import type { IClientOptions } from 'mqtt';
import type { UpstreamConfig } from './config.js';
import type { Services } from '../services.js';
import { officeTopics } from '../../contract/topics.js';
import { parseBrokerUrl } from './broker-url.js';
import { errnoCode } from '../../util/errno.js';

export interface LinkTarget { url: string; protocolVersion: 4 | 5; username?: string; password?: string }

export function upstreamTarget(u: UpstreamConfig, demo?: Services['demo-broker']): LinkTarget {
  if (demo) return { url: demo.url, protocolVersion: 4, username: demo.username, password: demo.password };
  return { url: u.url!, protocolVersion: u.protocolVersion, username: u.username, password: u.password };
}

/** The persistent session's client id: configured, or derived from the office id. */
export function clientIdOf(u: UpstreamConfig, officeId: string): string {
  return u.clientId ?? `scpm-edge-${officeId}`;
}

/** The smallest packet size limit advertised to the city broker. */
export const MIN_ADVERTISED_PACKET_BYTES = 1024 * 1024;

/**
 * The MQTT 5 Maximum Packet Size this client advertises: 4 × the payload
 * bound, at least 1 MiB. Under it, a message too large for the contract still
 * arrives and is counted (rejected too-large, acknowledged); over it, the
 * broker must not send the packet at all, so no 256 MB packet is buffered
 * before our check can run.
 */
export function maximumPacketSize(u: Pick<UpstreamConfig, 'maxPayloadBytes'>): number {
  return Math.max(MIN_ADVERTISED_PACKET_BYTES, 4 * u.maxPayloadBytes);
}

/**
 * Everything `mqtt.connect` needs, the broker's address included: given as
 * options, not as a URL string (broker-url.ts says why). The config's
 * username and password win over the URL's, as mqtt.js does with a URL.
 */
export function connectOptions(u: UpstreamConfig, officeId: string, target: LinkTarget, firstDelayMs: number): IClientOptions {
  const r = parseBrokerUrl(target.url);
  if (!r.ok) throw new Error(`the city broker's URL is not usable: expected ${r.reason}`);
  return { ...r.address, ...mqttOptions(u, officeId, target, firstDelayMs) };
}

function mqttOptions(u: UpstreamConfig, officeId: string, target: LinkTarget, firstDelayMs: number): IClientOptions {
  const opts: IClientOptions = {
    clientId: clientIdOf(u, officeId),
    clean: false,
    protocolVersion: target.protocolVersion,
    keepalive: u.keepaliveSeconds,
    reconnectPeriod: firstDelayMs,
    connectTimeout: 10_000,
    resubscribe: true,
    // Our own bounded outbox lives in SQLite; never queue QoS 0 in memory while offline.
    queueQoSZero: false,
    will: { topic: officeTopics(u.topicRoot, officeId).status, payload: Buffer.from('{"online":false}'), qos: 1, retain: true },
  };
  if (target.protocolVersion === 5) opts.properties = { sessionExpiryInterval: u.sessionExpirySeconds, receiveMaximum: 1000, maximumPacketSize: maximumPacketSize(u) };
  if (target.username) opts.username = target.username;
  if (target.password) opts.password = target.password;
  if (u.tls && target.url.startsWith('mqtts:')) {
    if (u.tls.ca) opts.ca = readTlsFile('ca', u.tls.ca);
    if (u.tls.cert) opts.cert = readTlsFile('cert', u.tls.cert);
    if (u.tls.key) opts.key = readTlsFile('key', u.tls.key);
    opts.rejectUnauthorized = u.tls.rejectUnauthorized;
  }
  return opts;
}

/** A PEM bundle is a few hundred KiB at most (Debian's whole CA list is ~220 KiB). */
const TLS_FILE_MAX_BYTES = 1024 * 1024;

/**
 * Why a TLS file cannot be used ("ENOENT", "not a regular file", …), or null
 * when it can. Checked before reading: a path such as /dev/zero must not be
 * read to its end.
 */
export function tlsFileProblem(path: string): string | null {
  try {
    const st = statSync(path);
    if (!st.isFile()) return 'not a regular file';
    if (st.size > TLS_FILE_MAX_BYTES) return `larger than ${TLS_FILE_MAX_BYTES / 1024} KiB`;
    accessSync(path, constants.R_OK);
    return null;
  } catch (err) {
    return errnoCode(err);
  }
}

/** The health detail and the log name the key and the file, not only the errno. */
function readTlsFile(key: 'ca' | 'cert' | 'key', path: string): Buffer {
  const problem = tlsFileProblem(path);
  if (problem !== null) throw new Error(`upstream.tls.${key}: cannot read ${path} (${problem})`);
  return readFileSync(path);
}
