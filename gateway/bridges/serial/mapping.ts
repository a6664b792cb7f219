// Input event → table key → action. The device's screen fills in an action
// that names none.
import type { ActionInput } from '../../actions/vocabulary.js';
import type { ActionTable } from './config.js';
import type { SerialEvent } from './events.js';
import { buttonKey, type InputKey } from './gestures.js';

/**
 * The table key an event stands for by itself: a gesture slug, or a button
 * press (`button-<slug>` on down; a release does nothing). Pads go through
 * PadTiming (pad-<n>, tap, double-tap, long-touch); presence and hello map to
 * no action.
 */
export function directKey(event: SerialEvent): InputKey | null {
  if (event.kind === 'gesture') return event.slug;
  if (event.kind === 'button' && event.edge === 'down') return buttonKey(event.slug);
  return null;
}

export function mapInput(key: InputKey, table: ActionTable, screen: string): ActionInput | null {
  const action = table[key];
  if (!action) return null;
  return action.screen === undefined ? { ...action, screen } : action;
}
