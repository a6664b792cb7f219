// A link that is up but brings nothing: most often `upstream.topicRoot` does
// not match the topics the city publishes, or the office's account may not
// read them. The broker says nothing in either case (a subscription to topics
// nobody publishes, or one an ACL hides, is granted), so the bridge says it.

/** After this long connected with no city message, the link's health says why that may be. */
export const QUIET_ROOT_AFTER_MS = 5 * 60_000;

/** The contract's topic root (`../shared/docs/city-data-contract.md`). */
const CONTRACT_ROOT = 'scpm/v1';

export interface QuietRootInput {
  topicRoot: string;
  /** When the link came up (null: down). */
  connectedSince: number | null;
  /** When the last city message arrived, on any connection (null: none since the start). */
  lastCityMessageMs: number | null;
  now: number;
}

/** The technician's hint, or null while the link is down, young, or has brought something since it came up. */
export function quietRootHint(i: QuietRootInput): string | null {
  if (i.connectedSince === null || i.now - i.connectedSince < QUIET_ROOT_AFTER_MS) return null;
  if (i.lastCityMessageMs !== null && i.lastCityMessageMs >= i.connectedSince) return null;
  const minutes = Math.floor((i.now - i.connectedSince) / 60_000);
  const root = i.topicRoot === CONTRACT_ROOT
    ? `check that the city publishes to this broker, and that this office's account may read "${i.topicRoot}/#" (the broker's ACL)`
    : `check upstream.topicRoot ("${i.topicRoot}") against the topics the city publishes (the contract's root is "${CONTRACT_ROOT}"), and that this office's account may read them`;
  return `connected for ${minutes} min and no city message came under "${i.topicRoot}/#": ${root}`;
}
