// The cameras bridge's own config section (issue 21; these names are fixed,
// other tools rely on them). URLs are secrets: the host's loader resolves
// `{env}`/`{file}` and hands this bridge a plain string, which is checked
// again here (`checkCameraUrl`) because an env var or file escapes the schema.
import { z } from 'zod';

import { CAMERA_ID } from '../../../display/kit/camera-element.js';
import { PendingSecret } from '../../config/secret.js';
import { MAP_DISTRICT_CODES, MAP_DISTRICT_SOURCE } from '../../contract/map-districts.js';

/** Lower-case slug: used in URLs (`/cameras/{id}`), element attributes and process names. */
export { CAMERA_ID };
export const cameraId = z.string().regex(CAMERA_ID, 'a lower-case slug of letters, digits, "-" and "_" (1-64 chars)');

export const URL_MAX = 2048;

/**
 * Why a resolved camera URL is refused, or null when it may be given to ffmpeg.
 * Only rtsp:// and rtsps://, a host, no whitespace or control characters
 * (ffmpeg gets it as one argv element, never through a shell; this keeps
 * options and other protocols out). The reason never quotes the URL.
 */
export function checkCameraUrl(url: string): string | null {
  if (url.length === 0) return 'is empty';
  if (url.length > URL_MAX) return `is longer than ${URL_MAX} characters`;
  if (!/^rtsps?:\/\//i.test(url)) return 'must start with rtsp:// or rtsps://';
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(url)) return 'must not contain spaces or control characters';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a valid URL';
  }
  if (parsed.hostname === '') return 'has no host';
  if (parsed.hash !== '') return 'must not contain a "#" fragment';
  return null;
}

/** A secret: inline, `{ env: VAR }` or `{ file: path }` (the same shape as the config's secretRef, kept here so this module does not import the full schema). */
const secretString = z.string().min(1).max(URL_MAX).refine((s) => checkCameraUrl(s) === null, {
  // The message never quotes the value: it is a secret.
  message: 'an rtsp:// or rtsps:// URL (no spaces), or { env: VAR } / { file: path }',
});
/** A secret as the config loader resolves every secret (it becomes the URL string; re-checked by `resolvedCameraProblems`). */
export const cameraSecret = z.union([
  secretString,
  z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name (capital letters, digits and _, e.g. SCPM_API_TOKEN)') }),
  z.strictObject({ file: z.string().min(1) }),
]).transform((ref) => new PendingSecret(ref) as unknown as string);

const MAP_CODES: ReadonlySet<string> = new Set(MAP_DISTRICT_CODES);

const deviceSchema = z.strictObject({
  id: cameraId,
  name: z.strictObject({ en: z.string().min(1).max(120), ko: z.string().min(1).max(120) }),
  // A district off the map would put the camera on no district page and near no incident.
  district: z.string().refine((code) => MAP_CODES.has(code), { message: `one of the ${MAP_DISTRICT_CODES.length} district codes of the office's map (${MAP_DISTRICT_SOURCE}), e.g. 11230` })
    .describe(`A district of the office's map: ${MAP_DISTRICT_CODES.join(', ')}`),
  location: z.strictObject({
    lat: z.number().min(-90, 'latitude must be within ±90 (lat and lon swapped?)').max(90, 'latitude must be within ±90 (lat and lon swapped?)'),
    lon: z.number().min(-180).max(180),
  }),
  url: cameraSecret.describe('rtsp://user:pass@host/...; a secret: inline, { env: VAR } or { file: path }'),
  substream: cameraSecret.nullable().default(null).describe('Optional lower-resolution stream for tiles; a secret like url'),
  transport: z.enum(['tcp', 'udp']).default('tcp'),
  delivery: z.enum(['auto', 'mse']).default('auto').describe('auto = the best path this build has (MSE passthrough today; WebRTC and JSMpeg later)'),
});

export const camerasConfigSchema = z.strictObject({
  maxStreams: z.number().int().min(1).max(64).default(4).describe('Concurrent ingests (one ffmpeg each)'),
  idleStopSeconds: z.number().int().min(0).max(3600).default(30).describe('Grace after the last viewer leaves before the ingest stops'),
  devices: z.array(deviceSchema).max(256).default([]),
}).superRefine((section, ctx) => {
  const seen = new Map<string, number>();
  section.devices.forEach((d, i) => {
    const first = seen.get(d.id);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['devices', i, 'id'], message: `duplicate camera id "${d.id}" (also devices[${first}])` });
    else seen.set(d.id, i);
  });
});

/** The section, its secrets resolved by the loader (what the bridge is constructed with). */
export type CamerasConfig = z.output<typeof camerasConfigSchema>;
export type CamerasConfigRaw = CamerasConfig;
export type CameraDevice = CamerasConfig['devices'][number];

/** Seoul's bounding box, a little generous (city limits: 37.413–37.715 N, 126.734–127.269 E). */
export const SEOUL_BOUNDS = { latMin: 37.41, latMax: 37.72, lonMin: 126.73, lonMax: 127.27 } as const;

/**
 * Warnings (not errors) for `check-config` to list: a camera outside Seoul's
 * bounding box is probably a typo, but may be genuine (a border crossing).
 */
export function cameraWarnings(section: Pick<CamerasConfigRaw, 'devices' | 'maxStreams'>): string[] {
  const out: string[] = [];
  section.devices.forEach((d, i) => {
    const { lat, lon } = d.location;
    if (lat < SEOUL_BOUNDS.latMin || lat > SEOUL_BOUNDS.latMax || lon < SEOUL_BOUNDS.lonMin || lon > SEOUL_BOUNDS.lonMax) {
      out.push(`cameras.devices[${i}] (${d.id}): location ${lat}, ${lon} lies outside Seoul (${SEOUL_BOUNDS.latMin}–${SEOUL_BOUNDS.latMax} N, ${SEOUL_BOUNDS.lonMin}–${SEOUL_BOUNDS.lonMax} E)`);
    }
  });
  return out;
}

/**
 * Problems of a resolved section (the URLs came from env vars or files, so the
 * schema could not check them). Each names the field, never the value.
 */
export function resolvedCameraProblems(section: CamerasConfig): string[] {
  const out: string[] = [];
  section.devices.forEach((d, i) => {
    const bad = checkCameraUrl(d.url);
    if (bad) out.push(`cameras.devices[${i}] (${d.id}).url ${bad}`);
    if (d.substream !== null) {
      const badSub = checkCameraUrl(d.substream);
      if (badSub) out.push(`cameras.devices[${i}] (${d.id}).substream ${badSub}`);
    }
  });
  return out;
}
