import { describe, expect, it } from 'vitest';
import { readKioskSettings } from './config.js';
import { DISABLED_FEATURES, cageCommand, chromiumPreferences, chromiumX11Command, startPageUrl, zoomLevel, type KioskPaths } from './command.js';

const paths: KioskPaths = { cage: '/usr/bin/cage', chromium: '/usr/bin/chromium', profileDir: '/var/cache/scpm-kiosk/profile', startPage: '/usr/lib/scpm-edge/kiosk/start.html' };
const ko4k = readKioskSettings('office: { language: ko }\nhttp: { port: 8080 }\nkiosk: { scaleFactor: 2 }\n');

describe('kiosk command lines', () => {
  it('cage runs Chromium on the start page, with the wall URL and language in its query', () => {
    const { command, args } = cageCommand(ko4k, paths);
    expect(command).toBe('/usr/bin/cage');
    expect(args.slice(0, 3)).toEqual(['--', '/usr/bin/chromium', '--ozone-platform=wayland']);
    const url = new URL(args[args.length - 1]!);
    expect(url.protocol).toBe('file:');
    expect(url.pathname).toBe('/usr/lib/scpm-edge/kiosk/start.html');
    expect(url.searchParams.get('lang')).toBe('ko');
    expect(url.searchParams.get('wall')).toBe('http://127.0.0.1:8080/');
    expect(startPageUrl(ko4k, paths.startPage)).toBe(args[args.length - 1]);
  });

  it('has every flag the kiosk needs, once', () => {
    const { args } = cageCommand(ko4k, paths);
    for (const flag of ['--kiosk', '--no-first-run', '--hide-crash-restore-bubble', '--noerrdialogs', '--deny-permission-prompts', '--password-store=basic',
      '--disable-background-networking', '--disable-component-update', '--disable-pinch', '--overscroll-history-navigation=0', '--touch-events=enabled',
      '--allow-loopback-in-peer-connection', `--user-data-dir=${paths.profileDir}`, '--lang=ko']) {
      expect(args.filter((a) => a === flag), flag).toHaveLength(1);
    }
    // Chromium keeps only the last --disable-features: there must be exactly one, with all of them.
    const features = args.filter((a) => a.startsWith('--disable-features='));
    expect(features).toHaveLength(1);
    expect(features[0]!.split('=')[1]!.split(',')).toEqual([...DISABLED_FEATURES]);
    expect(DISABLED_FEATURES).toContain('Translate');
    expect(DISABLED_FEATURES).toContain('OverscrollHistoryNavigation');
    // Under Wayland the scale factor is the default zoom, never the flag (it draws a quarter-size page there).
    expect(args.some((a) => a.startsWith('--force-device-scale-factor'))).toBe(false);
    expect(args).not.toContain('--no-sandbox');
    expect(args).not.toContain('--disable-gpu');
  });

  it('rotates the output with one -r per 90 degrees', () => {
    expect(cageCommand(readKioskSettings('kiosk: { rotate: 270 }'), paths).args.slice(0, 4)).toEqual(['-r', '-r', '-r', '--']);
    expect(cageCommand(readKioskSettings(''), paths).args[0]).toBe('--');
  });

  it('the X11 fallback scales with the flag (it works there)', () => {
    const { command, args } = chromiumX11Command(ko4k, paths);
    expect(command).toBe('/usr/bin/chromium');
    expect(args).toContain('--force-device-scale-factor=2');
    expect(args).toContain('--ozone-platform=x11');
    expect(args).toContain('--kiosk');
  });

  it('preferences: zoom from the scale factor, no password saving or translate, notifications denied, a clean exit', () => {
    const p = chromiumPreferences(ko4k) as { partition: { default_zoom_level: { x: number } }; profile: Record<string, unknown>; translate: unknown; credentials_enable_service: unknown };
    expect(1.2 ** p.partition.default_zoom_level.x).toBeCloseTo(2, 10);
    expect(zoomLevel(1)).toBe(0);
    expect(p.translate).toEqual({ enabled: false });
    expect(p.credentials_enable_service).toBe(false);
    expect(p.profile).toMatchObject({ exit_type: 'Normal', exited_cleanly: true, password_manager_enabled: false, default_content_setting_values: { notifications: 2 } });
  });
});
