// The city broker's URL, read once with the WHATWG parser: checked in the
// config (a bad port or host is a config problem, not a bridge that restarts
// forever) and handed to mqtt.js as options. mqtt.js reads a URL string with
// Node's legacy `url.parse`, which warns on stderr at every start on Node 24
// (DEP0169) and on Node 20 for a malformed URL (DEP0170).

export interface BrokerAddress {
  protocol: 'mqtt' | 'mqtts';
  host: string;
  port: number;
  /** From the URL's user info, decoded; the config's username/password keys win over these. */
  username?: string;
  password?: string;
}

export type BrokerUrlResult = { ok: true; address: BrokerAddress } | { ok: false; reason: string };

const DEFAULT_PORT = { mqtt: 1883, mqtts: 8883 } as const;

export function parseBrokerUrl(text: string): BrokerUrlResult {
  const scheme = /^(mqtts?):\/\//.exec(text);
  if (!scheme) return { ok: false, reason: 'an mqtt:// or mqtts:// URL' };
  // The port is checked before the parser, which only says "Invalid URL".
  const authority = text.slice(scheme[0].length).split(/[/?#]/, 1)[0]!;
  const port = /:(\d*)$/.exec(authority.slice(authority.lastIndexOf('@') + 1).replace(/^\[[^\]]*\]/, ''));
  if (port && (port[1] === '' || Number(port[1]) < 1 || Number(port[1]) > 65535)) return { ok: false, reason: 'an mqtt:// or mqtts:// URL with a port from 1 to 65535' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'an mqtt:// or mqtts:// URL (mqtt://host:port, no spaces)' };
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') return { ok: false, reason: 'an mqtt:// or mqtts:// URL with a host name or address' };
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') {
    return { ok: false, reason: 'an mqtt:// or mqtts:// URL without a path, ?query or #fragment (the client id and credentials have their own keys)' };
  }
  const protocol = scheme[1] as BrokerAddress['protocol'];
  const address: BrokerAddress = { protocol, host, port: url.port === '' ? DEFAULT_PORT[protocol] : Number(url.port) };
  try {
    if (url.username !== '') address.username = decodeURIComponent(url.username);
    if (url.password !== '') address.password = decodeURIComponent(url.password);
  } catch {
    return { ok: false, reason: 'an mqtt:// or mqtts:// URL whose user name and password are percent-encoded correctly' };
  }
  return { ok: true, address };
}
