// For tests: the problem lines a config text gets (none when it is accepted).
import { ConfigError, parseConfig } from './load.js';

export function configProblems(text: string, file = 'office.yaml', env: Record<string, string> = {}): string[] {
  try {
    parseConfig(text, file, env);
  } catch (err) {
    if (err instanceof ConfigError) return err.lines;
    throw err;
  }
  return [];
}
