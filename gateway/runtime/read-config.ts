// The config, or why not: an invalid one exits 2, or, started as a service
// (SCPM_SAFE_MODE=1: systemd, npm start), serves its problems in safe mode.
import { ConfigError, configPath, loadConfig, type Config } from '../config/load.js';
import { runSafeMode } from '../safe-mode.js';
import type { SystemdNotifier } from '../systemd/notify.js';
import { EXIT } from './exit-codes.js';

export async function readConfig(notifier: SystemdNotifier): Promise<Config> {
  const file = configPath();
  try {
    return loadConfig(file);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.lines.join('\n')}\n`);
    if (process.env.SCPM_SAFE_MODE === '1') return runSafeMode(err.lines, file, process.env, notifier);
    process.stderr.write(`scpm-edge: not starting: ${err.lines.length} configuration problem${err.lines.length === 1 ? '' : 's'} (check with: npm run check-config -- ${file})\n`);
    process.exit(EXIT.config);
  }
}
