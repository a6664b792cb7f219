// The city link over TLS, against a real mosquitto TLS listener with a CA and
// a server certificate for 127.0.0.1 made here with openssl: trusting the CA
// (upstream.tls.ca) the gateway connects and ingests; trusting another CA it
// refuses the broker (rejectUnauthorized) and says why in health, and nothing
// reaches the store.
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rig, configYaml, freePort, items, publish1, waitFor, type Mosquitto, type MqttClient } from './rig/index.js';
import * as fx from './rig/fixtures.js';

const rig = new Rig('upstream-tls');
afterAll(() => rig.cleanup());

const dir = rig.tempDir('pki');
const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe', timeout: 20_000 });
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(name: string): void {
  openssl(['req', '-x509', ...EC, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`]);
}

let broker: Mosquitto;
let tlsPort: number;
let city: MqttClient;

beforeAll(async () => {
  makeCa('city-ca');
  makeCa('other-ca');
  openssl(['req', ...EC, '-keyout', 'broker.key', '-out', 'broker.csr', '-subj', '/CN=127.0.0.1']);
  writeFileSync(join(dir, 'san.cnf'), 'subjectAltName=IP:127.0.0.1\n');
  openssl(['x509', '-req', '-in', 'broker.csr', '-CA', 'city-ca.pem', '-CAkey', 'city-ca.key', '-CAcreateserial', '-out', 'broker.pem', '-days', '2', '-extfile', 'san.cnf']);
  // mosquitto started as root runs as its own user: it must read the files.
  chmodSync(dir, 0o755);
  for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o644);
  tlsPort = await freePort();
  broker = await rig.mosquitto({ extra: [`listener ${tlsPort} 127.0.0.1`, `cafile ${join(dir, 'city-ca.pem')}`, `certfile ${join(dir, 'broker.pem')}`, `keyfile ${join(dir, 'broker.key')}`] });
  city = await rig.client(broker.url);
}, 60_000);

async function gatewayTrusting(ca: string, officeId: string) {
  const file = join(rig.tempDir(officeId), 'office.yaml');
  writeFileSync(file, configYaml({ officeId, upstreamUrl: `mqtts://127.0.0.1:${tlsPort}`, reconnectMinMs: 200, reconnectMaxMs: 1000, upstream: ['tls:', `  ca: ${join(dir, ca)}`] }));
  return rig.gateway({ env: { SCPM_CONFIG: file } });
}

describe('the city link over TLS', () => {
  it('trusting the city CA: connects to the TLS listener and ingests', async () => {
    const gw = await gatewayTrusting('city-ca.pem', 'tls-office');
    const h = await gw.waitConnected(15_000);
    expect(h.bridges?.upstream?.connected).toBe(true);
    await publish1(city, fx.topics.entity('incidents', 'inc-20261123-0042'), JSON.stringify(fx.incident()));
    await waitFor(async () => (await items(gw, '/api/v1/incidents')).some((i) => i.id === 'inc-20261123-0042'), { timeoutMs: 10_000, what: 'the incident through the TLS link' });
    expect(broker.logs().join('\n')).toMatch(/New client connected from 127\.0\.0\.1:\d+ as scpm-edge-tls-office/);
    await gw.stop();
  }, 40_000);

  it('trusting another CA: refuses the broker\'s certificate, says so in health, ingests nothing', async () => {
    const gw = await gatewayTrusting('other-ca.pem', 'tls-wrong-ca');
    const detail = await waitFor(async () => {
      const u = (await gw.health()).body.bridges?.upstream as { connected?: boolean; detail?: string; lastError?: string } | undefined;
      const text = `${u?.detail ?? ''} ${u?.lastError ?? ''}`;
      return u && !u.connected && /certificate|self.signed|verify/i.test(text) ? text : null;
    }, { timeoutMs: 15_000, what: 'a certificate error in health' });
    expect(detail).toMatch(/certificate|self.signed|verify/i);
    expect(broker.logs().join('\n')).not.toMatch(/as scpm-edge-tls-wrong-ca/);
    expect(await items(gw, '/api/v1/incidents')).toEqual([]);
    await gw.stop();
  }, 40_000);
});
