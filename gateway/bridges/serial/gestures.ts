// The 17 gestures of the office's controls and the keys of the gesture→action
// table: a gesture slug, a touch pad (`pad-1` … `pad-12`) or a button
// (`button-<slug>`).

export const GESTURE_SLUGS = [
  'swipe-left', 'swipe-right', 'swipe-up', 'swipe-down',
  'push', 'pull', 'circle-cw', 'circle-ccw', 'wave', 'hover',
  'approach', 'withdraw', 'tap', 'double-tap', 'long-touch', 'grab', 'thumbs-up',
] as const;
export type GestureSlug = (typeof GESTURE_SLUGS)[number];

const GESTURE_SET: ReadonlySet<string> = new Set(GESTURE_SLUGS);
export function isGestureSlug(s: string): s is GestureSlug {
  return GESTURE_SET.has(s);
}

export const MAX_PAD = 12;

/** A button name as a device sends it (`B push-to-talk down`): lowercase, digits and `-`. */
export const BUTTON_SLUG = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

export type PadKey = `pad-${number}`;
export type ButtonKey = `button-${string}`;
/** What a table row is keyed by. */
export type InputKey = GestureSlug | PadKey | ButtonKey;

export function padKey(pad: number): PadKey {
  return `pad-${pad}`;
}

export function buttonKey(slug: string): ButtonKey {
  return `button-${slug}`;
}

/** True for the keys a gesture→action table may hold. */
export function isInputKey(key: string): key is InputKey {
  if (isGestureSlug(key)) return true;
  const pad = /^pad-([1-9]\d?)$/.exec(key);
  if (pad) return Number(pad[1]) <= MAX_PAD;
  return key.startsWith('button-') && BUTTON_SLUG.test(key.slice('button-'.length));
}
