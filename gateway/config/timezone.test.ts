// An office time zone Intl does not know is a config problem (check-config
// names it), not a 500 on every page that shows a time.
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './load.js';

const problems = (text: string) => {
  try {
    parseConfig(text, 'office.yaml', {});
  } catch (err) {
    if (err instanceof ConfigError) return err.lines;
    throw err;
  }
  return [];
};

describe('office.timezone', () => {
  it('accepts IANA zones and defaults to Asia/Seoul', () => {
    expect(problems('office: { id: demo, timezone: Europe/Berlin }\n')).toEqual([]);
    expect(parseConfig('office: { id: demo }\n', 'office.yaml', {}).office.timezone).toBe('Asia/Seoul');
  });

  it('refuses a zone Intl does not know, with the key and the value', () => {
    expect(problems('office: { id: demo, timezone: Mars/Olympus }\n')).toEqual([
      'office.yaml: office.timezone: expected an IANA time zone such as Asia/Seoul, found "Mars/Olympus" (text)',
    ]);
    expect(problems('office: { id: demo, timezone: "+09:00" }\n')).toHaveLength(1);
  });
});
