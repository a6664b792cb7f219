// `npm run check-config -- FILE`: validates an office config and lists every
// problem (exit 1) and every warning (listed; exit 0 when there is no problem).
import { ConfigError, configPath, configWarnings, loadConfig } from './load.js';
import { safeUrl } from '../logger.js';

const file = process.argv[2] ?? configPath();
try {
  const config = loadConfig(file);
  const warnings = configWarnings(config);
  for (const w of warnings) process.stderr.write(`${w}\n`);
  process.stdout.write(`${file}: ok (office ${config.office.id}, ${config.demo.active ? 'demo mode' : 'upstream ' + safeUrl(config.upstream.url ?? '')})${warnings.length ? `, ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : ''}\n`);
} catch (err) {
  if (err instanceof ConfigError) {
    const withEnv = err.lines.some((l) => l.startsWith('environment: ')) ? ' and this environment' : '';
    process.stderr.write(`${err.lines.join('\n')}\n${file}: ${err.lines.length} problem${err.lines.length === 1 ? '' : 's'}; the gateway will not start with this file${withEnv}\n`);
    process.exit(1);
  }
  throw err;
}
