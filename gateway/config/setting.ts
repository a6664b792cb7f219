// Which setting a technician changes for a value the gateway could not use:
// the config file's key, or the environment variable that overrode it (under
// systemd the unit sets some, so editing the file alone would change nothing).
import type { Config } from './load.js';

/** "http.port in /etc/scpm-edge/office.yaml", or "SCPM_HTTP_PORT (set in the environment, over http.port in …)". */
export function settingOf(config: Pick<Config, 'source' | 'envKeys'>, key: string): string {
  const env = config.envKeys.get(key);
  return env ? `${env} (set in the environment, over ${key} in ${config.source})` : `${key} in ${config.source}`;
}
