import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';
import { settingOf } from './setting.js';

describe('settingOf', () => {
  it('names the file\'s key, or the environment variable that set it over the file', () => {
    const fromFile = parseConfig('office: { id: a }\nhttp: { port: 8081 }\n', '/etc/scpm-edge/office.yaml', {});
    expect(settingOf(fromFile, 'http.port')).toBe('http.port in /etc/scpm-edge/office.yaml');
    expect(settingOf(fromFile, 'dataDir')).toBe('dataDir in /etc/scpm-edge/office.yaml'); // a default: set it there
    const fromEnv = parseConfig('office: { id: a }\nhttp: { port: 8081 }\n', '/etc/scpm-edge/office.yaml', { SCPM_HTTP_PORT: '9000', SCPM_DATA_DIR: '/var/lib/scpm-edge' });
    expect(settingOf(fromEnv, 'http.port')).toBe('SCPM_HTTP_PORT (set in the environment, over http.port in /etc/scpm-edge/office.yaml)');
    expect(settingOf(fromEnv, 'dataDir')).toBe('SCPM_DATA_DIR (set in the environment, over dataDir in /etc/scpm-edge/office.yaml)');
  });
});
