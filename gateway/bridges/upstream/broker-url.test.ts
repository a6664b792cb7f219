import { describe, expect, it } from 'vitest';
import { parseBrokerUrl } from './broker-url.js';
import { connectOptions } from './mqtt-options.js';
import { upstreamSection } from './config.js';

const address = (url: string) => {
  const r = parseBrokerUrl(url);
  if (!r.ok) throw new Error(`refused ${url}: ${r.reason}`);
  return r.address;
};
const reason = (url: string) => {
  const r = parseBrokerUrl(url);
  return r.ok ? null : r.reason;
};

describe('the city broker URL', () => {
  it('gives mqtt.js the parts url.parse gave it: protocol, host, port (default by scheme), decoded user info', () => {
    expect(address('mqtt://city.example')).toEqual({ protocol: 'mqtt', host: 'city.example', port: 1883 });
    expect(address('mqtts://city.example')).toEqual({ protocol: 'mqtts', host: 'city.example', port: 8883 });
    expect(address('mqtt://10.1.2.3:18830/')).toEqual({ protocol: 'mqtt', host: '10.1.2.3', port: 18830 });
    // IPv6 in brackets in the URL, without them for the socket.
    expect(address('mqtt://[::1]:1884')).toEqual({ protocol: 'mqtt', host: '::1', port: 1884 });
    expect(address('mqtts://edge:p%40ss%3Aw@city.example:8884')).toEqual({ protocol: 'mqtts', host: 'city.example', port: 8884, username: 'edge', password: 'p@ss:w' });
    // A password with a raw "@" still ends at the last "@" before the host.
    expect(address('mqtt://edge:p@ss@city.example')).toMatchObject({ host: 'city.example', username: 'edge', password: 'p@ss' });
  });

  it('refuses what would only fail at connect time, each with its reason', () => {
    expect(reason('http://city.example')).toBe('an mqtt:// or mqtts:// URL');
    for (const bad of ['mqtt://city.example:99999', 'mqtt://city.example:0', 'mqtt://city.example:', 'mqtt://u:p@city.example:65536']) {
      expect(reason(bad), bad).toBe('an mqtt:// or mqtts:// URL with a port from 1 to 65535');
    }
    expect(reason('mqtt:///')).toBe('an mqtt:// or mqtts:// URL with a host name or address');
    for (const bad of ['mqtt://:1883', 'mqtt://[::1', 'mqtt://city example']) {
      expect(reason(bad), bad).toBe('an mqtt:// or mqtts:// URL (mqtt://host:port, no spaces)');
    }
    for (const bad of ['mqtt://city.example/scpm', 'mqtt://city.example?clientId=x', 'mqtt://city.example#a']) {
      expect(reason(bad), bad).toMatch(/without a path, \?query or #fragment/);
    }
    expect(reason('mqtt://edge:%E0%A4%A@city.example')).toMatch(/percent-encoded correctly/);
  });
});

describe('connectOptions', () => {
  const config = (extra: object) => upstreamSection.parse({ url: 'mqtts://edge:url-pw@city.example:8884', ...extra });
  it('hands mqtt.js the address as options (no URL string for url.parse), the config\'s credentials over the URL\'s', () => {
    const fromUrl = connectOptions(config({}), 'o1', { url: 'mqtts://edge:url-pw@city.example:8884', protocolVersion: 5 }, 1000);
    expect(fromUrl).toMatchObject({ protocol: 'mqtts', host: 'city.example', port: 8884, username: 'edge', password: 'url-pw', clientId: 'scpm-edge-o1' });
    const own = connectOptions(config({}), 'o1', { url: 'mqtts://edge:url-pw@city.example:8884', protocolVersion: 5, username: 'cfg-user', password: 'cfg-pw' }, 1000);
    expect(own).toMatchObject({ username: 'cfg-user', password: 'cfg-pw' });
  });

  it('throws for a URL the config check would have refused (the demo broker\'s is ours)', () => {
    expect(() => connectOptions(config({}), 'o1', { url: 'mqtt://city.example:99999', protocolVersion: 4 }, 1000)).toThrow(/port from 1 to 65535/);
  });
});
