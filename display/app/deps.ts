// What the display is given (the gateway composes it) and the client state of
// a live stream.
import type { Config } from '../../gateway/config/load.js';
import type { Store } from '../../gateway/store/store.js';
import type { Bus } from '../../gateway/bus.js';
import type { Metrics } from '../../gateway/metrics.js';
import type { Logger } from '../../gateway/logger.js';
import type { AccessConfig } from '../../gateway/http/access.js';
import type { ActionsService } from '../../gateway/actions/service.js';
import type { Catalog } from '../../gateway/catalog/index.js';
import type { View } from '../view.js';
import type { Lang } from '../i18n.js';

export interface DisplayDeps {
  config: Config;
  store: Store; bus: Bus; metrics: Metrics; logger: Logger;
  access: AccessConfig;
  /** The one door to the screens: the display reads their state and moves them only through it. */
  actions: ActionsService;
  /** Names bridges brought (gestures, voice commands) for the help overlay. */
  catalog?: Catalog;
  link(): { up: boolean; since: number | null };
  buildId: string;
  now?: () => number;
}

/** One live stream: which screen it follows (null: public), where its links go, its language, and the page it shows. */
export interface ClientState { screen: string | null; isPublic: boolean; base: string; lang: Lang; view: View }

/** The pages both the office and the public mirror serve. */
export const PAGE_ROUTES = ['/', '/urban', '/opinion', '/admin', '/admin/:category', '/pledges', '/district/:code', '/district/:code/:category'];
/** The office's own pages: cameras are never on the public mirror (not even as a route). */
export const OFFICE_ONLY_ROUTES = ['/cameras', '/cameras/:id'];
