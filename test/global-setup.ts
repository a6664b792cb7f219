// vitest globalSetup: builds the gateway once (npm run build: tsc, then the
// bundle) so the integration tests run what `npm start` runs, from fresh output.
// SCPM_TEST_SKIP_BUILD=1 skips it (dist/ already built by hand).
import { execFile } from 'node:child_process';
import { REPO_ROOT } from '../scripts/rig/repo.js';

export default async function setup(): Promise<void> {
  if (process.env.SCPM_TEST_SKIP_BUILD === '1') return;
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    execFile('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, timeout: 300_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`build failed (npm run build), integration tests cannot run (fix it, or build by hand and set SCPM_TEST_SKIP_BUILD=1):\n${stdout}${stderr}`));
      else resolve();
    });
  });
  process.stderr.write(`global-setup: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
