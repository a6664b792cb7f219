// `npm run check-config -- FILE`: validates an office config and lists every problem.
import { ConfigError, configPath, loadConfig } from './load.js';

const file = process.argv[2] ?? configPath();
try {
  const config = loadConfig(file);
  process.stdout.write(`${file}: ok (office ${config.office.id}, ${config.demo.active ? 'demo mode' : 'upstream ' + (config.upstream.url ?? '')})\n`);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.lines.join('\n')}\n${file}: ${err.lines.length} problem${err.lines.length === 1 ? '' : 's'}; the gateway will not start with this file\n`);
    process.exit(1);
  }
  throw err;
}
