// What moves the live pages: a commit of city data, the link, the disk, a
// screen acted on, a device coming or going (the help overlay's lists).
import type { ChangeNotice } from '../../gateway/store/types.js';
import { RESYNC } from '../sse/hub.js';
import { sameView } from '../view.js';
import type { DisplayDeps } from './deps.js';
import { OVERLAY, type Live } from './live.js';

/** Subscribes the live side to its sources; returns the unsubscribe. */
export function watchChanges(deps: DisplayDeps, live: Live): () => void {
  const { bus, store, actions } = deps;
  const { hub, views, resyncs } = live;
  const resyncAll = () => {
    resyncs.invalidate();
    for (const c of hub.all()) hub.mark(c, [RESYNC]);
  };
  const offCity = bus.on('city:changed', (notices: ChangeNotice[]) => {
    resyncs.invalidate();
    if (hub.size > 0) views.changed(notices);
  });
  const offLink = bus.on('link', resyncAll);
  // Disk full (or back): the banner says so on every office wall at once. The public mirror never shows it, so
  // it gets no redraw either (one would tell the public when the office's disk filled).
  const offFull = store.onFullChange(() => {
    resyncs.invalidate();
    for (const c of hub.all()) if (!c.state.isPublic) hub.mark(c, [RESYNC]);
  });
  const offScreen = bus.on('screen:changed', (ch) => {
    resyncs.invalidate();
    const rec = actions.get(ch.screen);
    if (!rec) return;
    for (const c of hub.all()) {
      if (c.state.screen !== ch.screen) continue;
      // Only what is drawn over the page changed (help, a caption, a confirmation): push that alone.
      // A screen changes because someone acted: the page answers at once (the window is for city data).
      if (sameView(c.state.view, rec.view)) {
        hub.mark(c, [OVERLAY], true);
        continue;
      }
      c.state.view = rec.view;
      hub.mark(c, [RESYNC], true);
    }
  });
  // A device that comes or goes changes what an open help overlay lists; the voice's commands
  // also come and go with the microphone (the push-to-talk button).
  const offCatalog = deps.catalog?.onChange((kind) => {
    if (kind !== 'gesture' && kind !== 'voice-command') return;
    for (const c of hub.all()) if (c.state.screen && (kind === 'voice-command' || actions.state(c.state.screen)?.help)) hub.mark(c, [OVERLAY]);
  });
  return () => {
    offCity(); offLink(); offScreen(); offFull(); offCatalog?.();
  };
}
