import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';
import { Store } from './store.js';
import { TEST_LIMITS } from './test-limits.js';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

const TABLES = ['urban_readings', 'urban_latest', 'urban_downsampled', 'indicator_values', 'incidents', 'complaints'] as const;

/** A store as migration 6 left it, with a row per table for each district given. */
function oldStore(districts: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'scpm-unknown-district-'));
  dirs.push(dir);
  const path = join(dir, 'scpm.db');
  const db = new Database(path);
  for (let v = 0; v < 6; v++) db.exec(MIGRATIONS[v]!);
  db.pragma('user_version = 6');
  districts.forEach((d, i) => {
    db.prepare('INSERT INTO urban_readings (metric, district, ts_ms, value, received_ms) VALUES (?, ?, ?, ?, ?)').run('pm25', d, 1000 + i, 20, 1000);
    db.prepare('INSERT INTO urban_latest (metric, district, value, unit, ts, ts_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?)').run('pm25', d, 20, 'ug/m3', 't', 1000, 1000);
    db.prepare('INSERT INTO urban_downsampled (metric, district, bucket_ms, n, sum, min, max) VALUES (?, ?, ?, ?, ?, ?, ?)').run('pm25', d, 0, 1, 20, 20, 20);
    db.prepare('INSERT INTO indicator_values (indicator, district, gender, age_band, period, value, ts, ts_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run('employment-rate', d, 'all', 'all', '2026-10', 61, 't', 1000, 1000);
    for (const t of ['incidents', 'complaints']) {
      db.prepare(`INSERT INTO ${t} (id, status, district, payload, ts, ts_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(`${t}-${d}`, 'open', d, '{}', 't', 1000, 1000);
    }
  });
  db.prepare('INSERT INTO incidents (id, status, district, payload, ts, ts_ms, received_ms) VALUES (?, ?, ?, ?, ?, ?, ?)').run('no-district', 'open', null, '{}', 't', 1000, 1000);
  db.close();
  return path;
}

describe('migration 7: rows of districts off the office\'s map', () => {
  it('removes them from every table that names a district, and keeps the map\'s, the city\'s and rows without one', () => {
    const path = oldStore(['11230', 'city', '11680', '99999']);
    const s = new Store(path, TEST_LIMITS);
    try {
      for (const t of TABLES) {
        const left = s.db.prepare(`SELECT district FROM ${t} ORDER BY district`).all() as { district: string | null }[];
        expect(left.map((r) => r.district), t).toEqual(t === 'incidents' ? [null, '11230', 'city'] : ['11230', 'city']);
      }
      expect(s.db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(s.integrityCheck()).toBe('ok');
    } finally {
      s.close();
    }
  });
});
