// The strings of a camera URL that must never leave the process: the URL,
// its user:password part, and the password (raw and percent-encoded).
// Given to the process port (ChildSpec.secrets) and used by redact().

/** Shorter passwords are still removed as part of user:password and the URL, but not alone (they would eat ordinary words). */
const MIN_ALONE = 4;

export function urlSecrets(url: string): string[] {
  const out = new Set<string>([url]);
  const m = /^[a-z]+:\/\/([^@/?#]*)@/i.exec(url);
  if (m && m[1]) {
    const userinfo = m[1];
    out.add(userinfo);
    const colon = userinfo.indexOf(':');
    if (colon >= 0) {
      const raw = userinfo.slice(colon + 1);
      for (const p of new Set([raw, safeDecode(raw), encodeURIComponent(safeDecode(raw))])) if (p.length >= MIN_ALONE) out.add(p);
    }
    out.add(safeDecode(userinfo));
  }
  // Longest first, so a URL is removed whole before its parts.
  return [...out].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('[secret]');
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
