// The browser's profile, fresh before every start.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KioskSettings } from './config.js';
import { chromiumPreferences } from './command.js';

/** Wipes the profile and writes its preferences: nothing of a previous run (crash state, cache) survives. */
export function resetProfile(dir: string, settings: KioskSettings): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  mkdirSync(join(dir, 'Default'), { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify(chromiumPreferences(settings)), { mode: 0o600 });
  // An empty Local State: no first-run or "restore" state carried over.
  writeFileSync(join(dir, 'Local State'), JSON.stringify({ browser: { has_seen_welcome_page: true } }), { mode: 0o600 });
}
