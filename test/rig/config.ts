// Office configs written for a test (YAML, the same keys as device-configs/demo.yaml).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestConfig {
  officeId: string;
  upstreamUrl?: string | null;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** More keys of the upstream section, as YAML lines without indent (e.g. 'protocolVersion: 4'). */
  upstream?: string[];
  extra?: string;
}

export function configYaml(c: TestConfig): string {
  return [
    'office:',
    `  id: ${c.officeId}`,
    'upstream:',
    `  url: ${c.upstreamUrl ? JSON.stringify(c.upstreamUrl) : 'null'}`,
    '  topicRoot: scpm/v1',
    ...(c.reconnectMinMs !== undefined ? [`  reconnectMinMs: ${c.reconnectMinMs}`] : []),
    ...(c.reconnectMaxMs !== undefined ? [`  reconnectMaxMs: ${c.reconnectMaxMs}`] : []),
    ...(c.upstream ?? []).map((l) => `  ${l}`),
    'localBroker:',
    '  port: 0',
    c.extra ?? '',
    '',
  ].join('\n');
}

/** Writes the config into `dir` and returns its path (for SCPM_CONFIG). */
export function writeConfig(dir: string, c: TestConfig, file = 'office.yaml'): string {
  const path = join(dir, file);
  writeFileSync(path, configYaml(c));
  return path;
}
