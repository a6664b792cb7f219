import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { removeDir, tempDir } from '../rig/tmp.js';
import { ensureNodeRed, nodeRedFlow } from './peer-node-red.js';

describe('the bench peer (Node-RED Dashboard 2)', () => {
  it('is the issue\'s flow: mqtt in → json → a text widget showing the value, on the given broker and topic', () => {
    const flow = nodeRedFlow(18830, 'scpm/v1/urban/pm25/11230') as { id: string; type: string; wires?: string[][]; [k: string]: unknown }[];
    const byId = new Map(flow.map((n) => [n.id, n]));
    const input = flow.find((n) => n.type === 'mqtt in')!;
    expect(input).toMatchObject({ topic: 'scpm/v1/urban/pm25/11230', qos: '0', broker: 'mqttb' });
    expect(byId.get('mqttb')).toMatchObject({ broker: '127.0.0.1', port: '18830' });
    const json = byId.get(input.wires![0]![0]!)!;
    expect(json.type).toBe('json');
    const text = byId.get(json.wires![0]![0]!)!;
    expect(text).toMatchObject({ type: 'ui-text', value: 'payload.value', valueType: 'msg' });
  });

  it('says why and leaves the peer out when it cannot be installed (no registry)', async () => {
    const cache = tempDir('peer-cache');
    const saved = { ...process.env };
    Object.assign(process.env, { SCPM_BENCH_CACHE: cache, npm_config_cache: join(cache, 'npm-cache'), npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0', npm_config_fetch_timeout: '2000', npm_config_offline: 'false' });
    try {
      const lines: string[] = [];
      const install = await ensureNodeRed((l) => lines.push(l));
      expect(install).toBeNull();
      expect(lines.at(-1)).toMatch(/^peer: Node-RED could not be installed: /);
      expect(existsSync(join(cache, 'node-red-5.0.7-dashboard-1.31.0-node-22.23.5', 'node_modules', 'node-red', 'red.js'))).toBe(false);
    } finally {
      for (const k of ['SCPM_BENCH_CACHE', 'npm_config_cache', 'npm_config_registry', 'npm_config_fetch_retries', 'npm_config_fetch_timeout', 'npm_config_offline']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
      removeDir(cache);
    }
  }, 120_000);
});
