// Reads the gateway's SQLite file with the sqlite3 command-line tool (another
// process, as a technician would), never through the gateway's own code.
import { execFile } from 'node:child_process';

export function sqlite(dbPath: string, sql: string, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('sqlite3', ['-batch', '-cmd', '.timeout 5000', dbPath, sql], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`sqlite3 ${dbPath} "${sql}" failed: ${stderr || err.message}`));
      else resolve(stdout.trim());
    });
  });
}

export async function sqliteCount(dbPath: string, table: string, where = ''): Promise<number> {
  const out = await sqlite(dbPath, `SELECT COUNT(*) FROM ${table} ${where}`);
  return Number(out);
}
