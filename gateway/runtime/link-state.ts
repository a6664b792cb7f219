// The city link as the screens show it: up or down since when. It starts from
// the last down event the store kept (a link that was down before a restart
// has been down since then), and follows the bus's `link` events.
import type { Bus } from '../bus.js';
import type { Store } from '../store/store.js';

export interface LinkState { up: boolean; since: number | null }

export function trackLink(store: Store, bus: Bus): () => LinkState {
  const last = store.lastLinkEvent();
  let link: LinkState = { up: false, since: last && !last.up ? last.at : Date.now() };
  bus.on('link', (e) => (link = { up: e.up, since: e.at }));
  return () => link;
}
