// Secrets out of child output before it reaches the log, a line callback or a
// health text: the spec's own secrets (and their URL-encoded forms) and any
// `scheme://user:pass@` credentials, whoever wrote them.

import { maskUrlCredentials } from '../util/url-credentials.js';

const MASK = '[redacted]';
/** A URL cut off inside its authority (a truncated line): the credentials may be what is left. */
const CUT_AUTHORITY = /([a-z][a-z0-9+.-]{0,30}:\/\/)[^\s/?#@]*$/i;

export type Redactor = (line: string, truncated?: boolean) => string;

export function createRedactor(secrets: readonly string[] = []): Redactor {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length === 0) continue;
    forms.add(s);
    forms.add(encodeURIComponent(s));
  }
  const needles = [...forms].sort((a, b) => b.length - a.length);
  return (line, truncated = false) => {
    let out = line;
    for (const n of needles) if (out.includes(n)) out = out.split(n).join(MASK);
    out = maskUrlCredentials(out, MASK);
    if (truncated) out = redactCutTail(out, needles);
    return out;
  };
}

/** A line cut at the length bound may end in the first part of a secret or of a URL's credentials. */
function redactCutTail(line: string, needles: readonly string[]): string {
  let out = line.replace(CUT_AUTHORITY, `$1${MASK}`);
  for (const n of needles) {
    for (let k = Math.min(n.length - 1, out.length); k > 0; k--) {
      if (out.endsWith(n.slice(0, k))) {
        out = out.slice(0, out.length - k) + MASK;
        break;
      }
    }
  }
  return out;
}
