// The serial bridge's own config section (`serial:` in the office config).
// The names of issue #18 are fixed (devices[].id/port/protocol/baudRate/screen,
// gestures.refractoryMs/actions); the rest has defaults.
import { z } from 'zod';
import { ACTION_NAMES, actionSchema, screenId, type ActionInput, type ActionName } from '../../actions/vocabulary.js';
import { GESTURE_SLUGS, MAX_PAD, isInputKey, type InputKey } from './gestures.js';
import { PROTOCOLS, PROTOCOL_NAMES } from './protocols/index.js';

/** Issue #18's defaults; `null` = the gesture does nothing. Pads map to nothing unless configured. */
export const DEFAULT_GESTURE_ACTIONS: Readonly<Partial<Record<InputKey, ActionName | null>>> = {
  'swipe-left': 'next-page',
  'swipe-right': 'previous-page',
  'swipe-up': 'home',
  'swipe-down': 'back',
  push: 'open-first',
  pull: 'close',
  'circle-cw': 'next-district',
  'circle-ccw': 'previous-district',
  wave: 'wake',
  hover: 'show-help',
  approach: 'wake',
  withdraw: null,
  tap: null,
  'double-tap': 'home',
  'long-touch': 'listen',
  grab: 'close-camera',
  'thumbs-up': 'confirm',
  'button-push-to-talk': 'listen',
};

/** Actions that need nothing but their name (so `swipe-left: next-page` is enough). */
export const PARAMETERLESS_ACTIONS: ReadonlySet<ActionName> = new Set(ACTION_NAMES.filter((action) => actionSchema.safeParse({ action }).success));
const ACTION_SET: ReadonlySet<string> = new Set(ACTION_NAMES);

export type ActionTable = Readonly<Partial<Record<InputKey, ActionInput | null>>>;

const KEY_HELP = `a gesture (${GESTURE_SLUGS.join(', ')}), pad-1 … pad-${MAX_PAD} or button-<name>`;
const ACTION_HELP = `an action name (${ACTION_NAMES.join(', ')}), an object like { action: open-camera, camera: gangnam-east }, or null for nothing`;

type Issue = { path: PropertyKey[]; message: string; input: unknown } | z.core.$ZodIssue;

/** One table entry → the action it gives (screen left unset unless given: the device's screen fills it), or issues. */
function parseEntry(key: string, value: unknown): { action: ActionInput | null } | { issues: Issue[] } {
  if (value === null) return { action: null };
  if (typeof value === 'string') {
    if (!ACTION_SET.has(value)) return { issues: [{ path: [key], message: ACTION_HELP, input: value }] };
    const name = value as ActionName;
    if (!PARAMETERLESS_ACTIONS.has(name)) return { issues: [{ path: [key], message: `the parameters of "${name}" too: write it as an object, e.g. { action: ${name}, … }`, input: value }] };
    return { action: { action: name } as ActionInput };
  }
  if (typeof value !== 'object' || Array.isArray(value)) return { issues: [{ path: [key], message: ACTION_HELP, input: value }] };
  const name = (value as Record<string, unknown>).action;
  if (typeof name !== 'string' || !ACTION_SET.has(name)) return { issues: [{ path: [key, 'action'], message: `an action name (${ACTION_NAMES.join(', ')})`, input: name }] };
  const parsed = actionSchema.safeParse(value);
  if (!parsed.success) return { issues: parsed.error.issues.map((issue) => ({ ...issue, path: [key, ...issue.path] })) };
  const action: Record<string, unknown> = { ...parsed.data };
  if (!('screen' in value)) delete action.screen;
  return { action: action as ActionInput };
}

const actionTableSchema = z
  .record(z.string(), z.unknown())
  .describe(`Gesture, pad or button → action. Keys: ${KEY_HELP}. Values: ${ACTION_HELP}. Merged over the defaults (${Object.entries(DEFAULT_GESTURE_ACTIONS).map(([k, v]) => `${k} → ${v ?? 'nothing'}`).join(', ')}); null removes a default.`)
  .transform((given, ctx): ActionTable => {
    const table: Partial<Record<InputKey, ActionInput | null>> = {};
    for (const [key, name] of Object.entries(DEFAULT_GESTURE_ACTIONS)) table[key as InputKey] = name === null ? null : ({ action: name } as ActionInput);
    for (const [key, value] of Object.entries(given)) {
      if (!isInputKey(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `a known key here ("${key.slice(0, 40)}" is not ${KEY_HELP})`, input: value });
        continue;
      }
      const entry = parseEntry(key, value);
      if ('issues' in entry) for (const issue of entry.issues) ctx.addIssue({ code: 'custom', ...issue } as z.core.$ZodRawIssue);
      else table[key] = entry.action;
    }
    return table;
  });

const deviceSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a device id of lowercase letters, digits and "-" (1-40 chars)').describe('Device id: in metrics, logs and the setup page'),
    port: z.string().max(1024).regex(/^\/[^\0]+$/, 'an absolute device path like /dev/serial/by-id/usb-…').describe('Path of the serial port; prefer /dev/serial/by-id/… (stable across replugs and reboots)'),
    protocol: z.enum(PROTOCOL_NAMES).describe('scpm-serial/1 (our line protocol, docs/serial-protocol.md) or dfrobot-sen0285'),
    baudRate: z.number().int().min(300).max(4_000_000).optional().describe('Default: 115200 for scpm-serial/1, 9600 for dfrobot-sen0285'),
    screen: screenId.default('wall').describe('The screen this device drives'),
    gestures: z.array(z.enum(GESTURE_SLUGS)).max(GESTURE_SLUGS.length).optional().describe('Gestures this device can make, for the help overlay (default: all its protocol can report)'),
  })
  .transform((d) => ({ ...d, baudRate: d.baudRate ?? PROTOCOLS[d.protocol].defaultBaudRate }));
export type SerialDeviceConfig = z.output<typeof deviceSchema>;

function uniqueBy(list: readonly SerialDeviceConfig[], field: 'id' | 'port', ctx: z.RefinementCtx, what: string): void {
  const first = new Map<string, number>();
  list.forEach((d, i) => {
    const seen = first.get(d[field]);
    if (seen === undefined) first.set(d[field], i);
    else ctx.addIssue({ code: 'custom', path: [i, field], message: `${what} not used by another device (devices[${seen}] has it too)`, input: d[field] });
  });
}

export const serialConfigSchema = z
  .strictObject({
    devices: z
      .array(deviceSchema)
      .max(16)
      .default([])
      .superRefine((list, ctx) => {
        uniqueBy(list, 'id', ctx, 'a device id');
        uniqueBy(list, 'port', ctx, 'a port');
      })
      .describe('Serial gesture and touch devices'),
    gestures: z
      .strictObject({
        refractoryMs: z.number().int().min(0).max(10_000).default(400).describe('One action per gesture (or pad, or button) per device in this window'),
        actions: actionTableSchema.prefault({}),
      })
      .prefault({}),
    pads: z
      .strictObject({
        tapMaxMs: z.number().int().min(50).max(2000).default(300).describe('A touch released within this is a tap'),
        doubleTapMs: z.number().int().min(100).max(2000).default(400).describe('A second tap on the same pad starting within this after the first tap ends is a double-tap'),
        longTouchMs: z.number().int().min(200).max(10_000).default(800).describe('A touch held this long is a long-touch (given while still held)'),
      })
      .prefault({})
      .superRefine((p, ctx) => {
        if (p.longTouchMs <= p.tapMaxMs) ctx.addIssue({ code: 'custom', path: ['longTouchMs'], message: `a value > pads.tapMaxMs (${p.tapMaxMs})`, input: p.longTouchMs });
      })
      .describe('Timing windows for touch pads (T <n> down|up, SEN0285 touches)'),
    maxFramesPerSecond: z.number().int().min(1).max(1000).default(40).describe('Per device; frames beyond are dropped and counted (a chattering device)'),
    reconnect: z
      .strictObject({
        minMs: z.number().int().min(10).max(60_000).default(200).describe('First retry of open() after an unplug'),
        maxMs: z.number().int().min(100).max(600_000).default(3000).describe('Cap of the doubling retry delay (with jitter)'),
      })
      .prefault({})
      .superRefine((r, ctx) => {
        if (r.maxMs < r.minMs) ctx.addIssue({ code: 'custom', path: ['maxMs'], message: `a value ≥ reconnect.minMs (${r.minMs})`, input: r.maxMs });
      }),
  })
  .prefault({})
  .describe('Serial gesture and touch devices (issue #18)');

export type SerialConfigInput = z.input<typeof serialConfigSchema>;
export type SerialConfig = z.output<typeof serialConfigSchema>;
