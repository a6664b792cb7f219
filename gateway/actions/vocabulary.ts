// The one vocabulary of actions that drive a screen: touch, gestures, voice,
// presence and the API all speak it (POST /api/v1/actions, the actions port).
import { z } from 'zod';

export const SOURCES = ['touch', 'gesture', 'voice', 'presence', 'api'] as const;
export type Source = (typeof SOURCES)[number];

export const TOP_PAGES = ['overview', 'urban', 'opinion', 'admin', 'pledges'] as const;
/** Pages a screen can show: the ring of top pages, a district, and the camera tiles (when cameras are configured). */
export const PAGES = [...TOP_PAGES, 'district', 'cameras'] as const;

const SLUG = /^[A-Za-z0-9_.-]{1,64}$/;
export const screenId = z.string().regex(SLUG, 'a screen id slug');
const code = z.string().regex(/^\d{5}$/, 'a 5-digit KOSTAT district code');
const slug = z.string().regex(SLUG, 'a slug');
export const itemKey = z.string().regex(/^(incident|complaint|poll|pledge|indicator):[A-Za-z0-9_.-]{1,128}$/, 'an item key like incident:ID, complaint:ID, poll:ID, pledge:ID');
const base = { screen: screenId.default('wall') };
const bare = <A extends string>(action: A) => z.strictObject({ ...base, action: z.literal(action) });

export const actionSchema = z.discriminatedUnion('action', [
  z.strictObject({ ...base, action: z.literal('navigate'), page: z.enum(PAGES), district: code.optional(), category: slug.optional(), metric: slug.optional(), item: itemKey.optional(), sub: z.number().int().min(0).max(99).optional() }),
  z.strictObject({ ...base, action: z.literal('select-district'), district: code }),
  bare('next-page'),
  bare('previous-page'),
  bare('back'),
  bare('home'),
  z.strictObject({ ...base, action: z.literal('open'), item: itemKey }),
  bare('open-first'),
  bare('close'),
  bare('next-district'),
  bare('previous-district'),
  bare('next-metric'),
  z.strictObject({ ...base, action: z.literal('open-camera'), camera: slug }),
  bare('open-nearest-camera'),
  bare('close-camera'),
  bare('next-camera'),
  bare('previous-camera'),
  bare('wake'),
  bare('sleep'),
  z.strictObject({ ...base, action: z.literal('keep-awake'), minutes: z.number().int().min(1).max(24 * 60) }),
  bare('listen'),
  bare('mute'),
  bare('unmute'),
  z.strictObject({ ...base, action: z.literal('order'), template: slug, ref: itemKey.optional() }),
  bare('show-help'),
  bare('hide-help'),
  bare('confirm'),
  bare('cancel'),
  z.strictObject({ ...base, action: z.literal('caption'), text: z.string().min(1).max(200) }),
]);

export type Action = z.output<typeof actionSchema>;
export type ActionInput = z.input<typeof actionSchema>;
export type ActionName = Action['action'];
export const ACTION_NAMES = actionSchema.options.map((o) => o.shape.action.value) as ActionName[];
