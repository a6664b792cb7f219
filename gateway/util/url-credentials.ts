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
