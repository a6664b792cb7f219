// A config problem line quotes the value it found; a URL's password must not
// be in it, even (above all) when the password is what made the URL invalid:
// one not percent-encoded, holding '/', '?', '#' or a space. The lines go to
// the terminal, the journal, the setup page and the safe-mode page on the wall.
import { describe, expect, it } from 'vitest';
import { configProblems } from './test-problems.js';
import { problemView } from '../safe-mode/problems.js';

const SECRET = 'S3cretPw';

const problems = (text: string, env: Record<string, string> = {}): string[] => configProblems(text, 'office.yaml', env);

const camera = (url: string) =>
  `office: { id: a }\ncameras: { devices: [{ id: c1, name: { en: C, ko: C }, district: "11110", location: { lat: 37.5, lon: 127 }, url: ${JSON.stringify(url)} }] }\n`;

// Each password breaks its URL, so the loader quotes the value back.
const BROKEN = [`${SECRET}/x`, `${SECRET}?x`, `${SECRET}#x`, `${SECRET} x`];

describe('config problem lines never show a URL password', () => {
  it.each(BROKEN)('upstream.url with the password %j, in the file and from the environment', (pw) => {
    const url = `mqtt://u:${pw}@127.0.0.1:1883`;
    const lines = [...problems(`office: { id: a }\nupstream: { url: ${JSON.stringify(url)} }\n`), ...problems('office: { id: a }\n', { SCPM_UPSTREAM_URL: url })];
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatch(/upstream\.url\)?: expected .*, found "mqtt:\/\/u:\*\*\*@/);
      expect(line).not.toContain(SECRET);
      expect(JSON.stringify(problemView(line, 'office.yaml'))).not.toContain(SECRET);
    }
  });

  it.each(BROKEN)('a camera URL with the password %j', (pw) => {
    const lines = problems(camera(`rtsp://admin:${pw}@10.0.0.5:554/s`));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/cameras\.devices\[0\]\.url: expected .*, found "rtsp:\/\/admin:\*\*\*@/);
    expect(lines[0]).not.toContain(SECRET);
  });

  it('a URL whose scheme was forgotten, or whose user name is the secret', () => {
    const lines = [
      ...problems(`office: { id: a }\nupstream: { url: "u:${SECRET}/x@127.0.0.1:1883" }\n`),
      ...problems(`office: { id: a }\nupstream: { url: "mqtt://${SECRET}/x@127.0.0.1:1883" }\n`),
    ];
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain(SECRET);
  });

  it('still shows a value without credentials, and the user name of a plain one', () => {
    expect(problems('office: { id: a }\nupstream: { url: "mqtt://city.example:99999" }\n')[0]).toContain('found "mqtt://city.example:99999" (text)');
    expect(problems('office: { id: a }\nupstream: { url: "mqtt://edge:pw@h:0" }\n')[0]).toContain('found "mqtt://edge:***@h:0" (text)');
  });
});
