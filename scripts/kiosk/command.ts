// The kiosk's command lines, built in one place: the launcher runs them, the
// tests run them, and docs/kiosk.md shows what `scpm-edge kiosk-command` prints.
// Pure functions of the settings and paths.
import { pathToFileURL } from 'node:url';
import type { KioskSettings } from './config.js';

export interface KioskPaths {
  /** cage (Debian: /usr/bin/cage). */
  cage: string;
  /** Debian's chromium wrapper (/usr/bin/chromium). */
  chromium: string;
  /** Chromium's profile, wiped and written anew before every start. */
  profileDir: string;
  /** kiosk/start.html as shipped. */
  startPage: string;
}

export const DEFAULT_PATHS: Omit<KioskPaths, 'profileDir' | 'startPage'> = { cage: '/usr/bin/cage', chromium: '/usr/bin/chromium' };

/** Largest on-disk cache Chromium may keep in the profile (it is wiped at each start anyway). */
const DISK_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * Chromium features switched off. One --disable-features flag only: when the
 * flag is given twice, Chromium keeps the last one.
 */
export const DISABLED_FEATURES = [
  'Translate', // no "translate this page?" bar
  'OverscrollHistoryNavigation', // a swipe never goes back a page
  'TouchpadOverscrollHistoryNavigation',
  'MediaRouter', // no cast dialogs or discovery traffic
  'DialMediaRouteProvider',
  'OptimizationHints', // no background fetches
  'AutofillServerCommunication',
  'CertificateTransparencyComponentUpdater',
  'InterestFeedContentSuggestions',
  'GlobalMediaControls', // no media pop-up over the wall
  'HardwareMediaKeyHandling',
  'PrivacySandboxSettings4', // no privacy notice dialog on a fresh profile
] as const;

/** The start page's URL: the local file, with the language and the wall's URL in its query. */
export function startPageUrl(settings: KioskSettings, startPage: string): string {
  const u = pathToFileURL(startPage);
  u.search = new URLSearchParams({ lang: settings.language, wall: settings.wallUrl }).toString();
  return u.href;
}

/** Chromium's own UI and Accept-Language follow office.language. */
export function chromiumLocale(settings: KioskSettings): string {
  return settings.language === 'ko' ? 'ko' : 'en-US';
}

/** Flags shared by the Wayland (cage) and X11 launches. */
function commonChromiumFlags(settings: KioskSettings, paths: KioskPaths): string[] {
  return [
    '--kiosk',
    `--user-data-dir=${paths.profileDir}`,
    `--disk-cache-size=${DISK_CACHE_BYTES}`,
    `--lang=${chromiumLocale(settings)}`,
    // First run, default-browser and crash-restore bubbles: never.
    '--no-first-run',
    '--no-default-browser-check',
    '--hide-crash-restore-bubble',
    '--disable-session-crashed-bubble',
    // No dialogs: error dialogs, the "page unresponsive" dialog (the heartbeat
    // watchdog restarts a hung page), permission prompts (denied instead).
    '--noerrdialogs',
    '--disable-hang-monitor',
    '--deny-permission-prompts',
    '--disable-notifications',
    // No keyring prompt for a password store.
    '--password-store=basic',
    // Nothing talks to the outside on its own.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-extensions',
    '--disable-breakpad',
    '--disable-domain-reliability',
    '--disable-client-side-phishing-detection',
    '--no-pings',
    '--check-for-update-interval=31536000',
    `--disable-features=${DISABLED_FEATURES.join(',')}`,
    // Touch: events on, no pinch zoom, no overscroll navigation.
    '--touch-events=enabled',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    // The wall's timers (heartbeat, clock) run at full rate although nothing else is on screen.
    '--disable-renderer-backgrounding',
    '--disable-background-timer-throttling',
    '--disable-backgrounding-occluded-windows',
    // Camera video later (WebRTC from the gateway on loopback), without a click first.
    '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
  ];
}

/**
 * Chromium under cage (Wayland). No --force-device-scale-factor here: under
 * Wayland Chromium 156 then lays the page out at the unscaled size and draws it
 * at a quarter of the output (measured, docs/kiosk.md); the scale factor is the
 * profile's default page zoom instead (chromiumPreferences).
 */
export function chromiumWaylandArgs(settings: KioskSettings, paths: KioskPaths): string[] {
  return ['--ozone-platform=wayland', ...commonChromiumFlags(settings, paths), startPageUrl(settings, paths.startPage)];
}

/** cage's own flags: -r once per 90° of rotation; VT switching stays off (the default). */
export function cageFlags(settings: KioskSettings): string[] {
  return Array.from({ length: settings.rotate / 90 }, () => '-r');
}

/** The command the launcher runs: cage, which runs Chromium and exits when Chromium does. */
export function cageCommand(settings: KioskSettings, paths: KioskPaths): { command: string; args: string[] } {
  return { command: paths.cage, args: [...cageFlags(settings), '--', paths.chromium, ...chromiumWaylandArgs(settings, paths)] };
}

/** The X11 fallback (docs/kiosk.md): a plain `chromium --kiosk` in an X session, where the scale-factor flag works. */
export function chromiumX11Command(settings: KioskSettings, paths: KioskPaths): { command: string; args: string[] } {
  return {
    command: paths.chromium,
    args: ['--ozone-platform=x11', `--force-device-scale-factor=${settings.scaleFactor}`, ...commonChromiumFlags(settings, paths), startPageUrl(settings, paths.startPage)],
  };
}

/** Chromium's zoom level for a scale factor: levels are powers of 1.2. */
export function zoomLevel(scaleFactor: number): number {
  return Math.log(scaleFactor) / Math.log(1.2);
}

/**
 * The profile's Default/Preferences, written before every start: no password
 * saving, no translate offer, notifications and device prompts denied, a clean
 * exit recorded (no "restore pages?"), and the default page zoom.
 */
export function chromiumPreferences(settings: KioskSettings): Record<string, unknown> {
  const deny = 2;
  return {
    browser: { has_seen_welcome_page: true, check_default_browser: false },
    credentials_enable_service: false,
    profile: {
      exit_type: 'Normal',
      exited_cleanly: true,
      password_manager_enabled: false,
      default_content_setting_values: { notifications: deny, geolocation: deny, media_stream_camera: deny, media_stream_mic: deny, midi_sysex: deny },
    },
    translate: { enabled: false },
    intl: { accept_languages: settings.language === 'ko' ? 'ko,en-US,en' : 'en-US,en,ko' },
    // "x" is the key Chromium uses for the default storage partition.
    partition: { default_zoom_level: { x: zoomLevel(settings.scaleFactor) } },
  };
}

/** Environment of cage and Chromium (added to the launcher's own). */
export function kioskEnv(): Record<string, string> {
  return {
    // Chromium must not ask a desktop's keyring or portal for anything.
    XDG_CURRENT_DESKTOP: 'cage',
    XDG_SESSION_TYPE: 'wayland',
  };
}
