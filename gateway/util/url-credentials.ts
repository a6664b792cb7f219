// `scheme://user:password@` in free text: child output, config values, the
// setup page's view of the config. The scheme is bounded and the authority
// stops at the first '/', '?', '#' or space, so a hostile line costs linear
// time; the user info runs to the authority's last '@' (a password may hold one).
const USER_INFO = /([a-z][a-z0-9+.-]{0,30}:\/\/)([^\s/?#]+)@/gi;

/** Every URL's credentials in `text` replaced by `mask`: the whole user info, or with `keepUser` only the password. */
export function maskUrlCredentials(text: string, mask: string, keepUser = false): string {
  if (!text.includes('://')) return text;
  return text.replace(USER_INFO, (_all, scheme: string, info: string) => {
    if (!keepUser) return `${scheme}${mask}@`;
    const colon = info.indexOf(':');
    return colon < 0 ? `${scheme}${info}@` : `${scheme}${info.slice(0, colon)}:${mask}@`;
  });
}

const VALUE_SCHEME = /^([a-z][a-z0-9+.-]{0,30}:\/\/)/i;

/**
 * One value that may be a URL (a config value shown in a problem line): its
 * user info runs to the value's last '@', whatever it holds. A password that
 * was not percent-encoded may contain '/', '?', '#' or a space, and that is
 * exactly what makes the URL invalid and the value shown. Without a scheme,
 * `user:password@host` (a forgotten `mqtt://`) is masked the same way.
 * The user name is kept when it is plain; `mask` replaces the rest.
 */
export function maskUrlValueCredentials(value: string, mask: string): string {
  const at = value.lastIndexOf('@');
  if (at < 0) return value;
  const scheme = VALUE_SCHEME.exec(value)?.[1] ?? '';
  const info = value.slice(scheme.length, at);
  if (scheme === '' && !/^[^\s:/?#@]+:/.test(info)) return value;
  const colon = info.indexOf(':');
  const user = colon < 0 ? '' : info.slice(0, colon);
  const keep = colon > 0 && !/[\s/?#@]/.test(user);
  return `${scheme}${keep ? `${user}:` : ''}${mask}${value.slice(at)}`;
}
