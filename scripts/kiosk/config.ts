// The kiosk's settings: the `kiosk:` section of the office config (its zod
// schema is gateway/kiosk/config.ts, part of the one config schema), plus the two things it
// reads from elsewhere in that file: office.language and the HTTP listener.
// Reading never fails: a kiosk that refuses to start is a black screen, so
// every problem falls back to a default and is reported (the gateway's safe
// mode shows the same config's problems on the screen).
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { kioskSection, ROTATIONS } from '../../gateway/kiosk/config.js';

export { kioskSection, ROTATIONS };

const screenId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a screen id slug');

export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];
export type KioskSection = z.infer<typeof kioskSection>;
export const KIOSK_DEFAULTS: KioskSection = kioskSection.parse({});

/** What the launcher needs, as written to the settings file by `scpm-kiosk prepare`. */
export const kioskSettingsSchema = z.strictObject({
  version: z.literal(1),
  wallUrl: z.string().url(),
  healthUrl: z.string().url(),
  language: z.enum(LANGUAGES),
  screen: screenId,
  scaleFactor: z.number().min(0.5).max(4),
  rotate: kioskSection.shape.rotate.unwrap(),
  heartbeatTimeoutMs: z.number().int().min(1000).max(3_600_000),
  problems: z.array(z.string().max(500)).max(50),
});
export type KioskSettings = z.infer<typeof kioskSettingsSchema>;

const DEFAULT_PORT = 8080;

function wallUrlFor(host: unknown, port: unknown): string {
  // The kiosk is on the gateway's machine: a wildcard or loopback listener is reached over loopback.
  const h = typeof host === 'string' && host !== '' && !['0.0.0.0', '::', '[::]', 'localhost'].includes(host) ? host : '127.0.0.1';
  const p = typeof port === 'number' && Number.isInteger(port) && port > 0 && port < 65536 ? port : DEFAULT_PORT;
  const hostPart = h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
  return `http://${hostPart}:${p}/`;
}

export function settingsFrom(section: KioskSection, language: Language, wallUrl: string, problems: string[] = []): KioskSettings {
  return {
    version: 1,
    wallUrl,
    healthUrl: new URL('/healthz', wallUrl).href,
    language,
    screen: section.screen,
    scaleFactor: section.scaleFactor,
    rotate: section.rotate,
    heartbeatTimeoutMs: section.heartbeatTimeoutSeconds * 1000,
    problems: problems.slice(0, 50).map((p) => p.slice(0, 500)),
  };
}

export const DEFAULT_SETTINGS: KioskSettings = settingsFrom(KIOSK_DEFAULTS, 'en', wallUrlFor(undefined, undefined));

const asRecord = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The kiosk's settings from the office config's text; never throws. */
export function readKioskSettings(yamlText: string | null, source = 'office config'): KioskSettings {
  const problems: string[] = [];
  let doc: Record<string, unknown> = {};
  if (yamlText === null) {
    problems.push(`${source}: cannot be read; using the defaults`);
  } else {
    try {
      doc = asRecord(parseYaml(yamlText, { maxAliasCount: 100, logLevel: 'error' }));
    } catch (err) {
      problems.push(`${source}: not valid YAML (${(err as Error).message.split('\n')[0]}); using the defaults`);
    }
  }
  const office = asRecord(doc.office);
  let language: Language = 'en';
  if (office.language !== undefined) {
    if (office.language === 'en' || office.language === 'ko') language = office.language;
    else problems.push(`${source}: office.language: expected en or ko; using en`);
  }
  const http = asRecord(doc.http);
  if (http.port !== undefined && !(typeof http.port === 'number' && Number.isInteger(http.port) && http.port > 0 && http.port < 65536)) {
    problems.push(`${source}: http.port: expected a port number; using ${DEFAULT_PORT}`);
  }
  let section = KIOSK_DEFAULTS;
  if (doc.kiosk !== undefined) {
    const parsed = kioskSection.safeParse(doc.kiosk ?? {});
    if (parsed.success) section = parsed.data;
    else for (const issue of parsed.error.issues) problems.push(`${source}: kiosk.${issue.path.join('.')}: ${issue.message}; using the defaults`);
  }
  return settingsFrom(section, language, wallUrlFor(http.host, http.port), problems);
}

/** A settings file written by `prepare`, checked again (it is input); defaults when unusable. */
export function parseSettingsFile(text: string | null): { settings: KioskSettings; problem: string | null } {
  if (text === null) return { settings: DEFAULT_SETTINGS, problem: 'no settings file; using the defaults' };
  try {
    const parsed = kioskSettingsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { settings: parsed.data, problem: null };
    return { settings: DEFAULT_SETTINGS, problem: `settings file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}; using the defaults` };
  } catch (err) {
    return { settings: DEFAULT_SETTINGS, problem: `settings file is not JSON (${(err as Error).message}); using the defaults` };
  }
}
