// Throwaway dev server: fixture data in memory, live updates every few seconds.
/* eslint-disable no-console -- a dev script that reports to the terminal */
// Build: npx tsc -p tsconfig.json --outDir artifacts/dev-dist ; run: node artifacts/dev-dist/display/dev/serve.js
import { serve } from '@hono/node-server';
import { Bus } from '../../gateway/bus.js';
import { Metrics } from '../../gateway/metrics.js';
import { createLogger } from '../../gateway/logger.js';
import { createDisplay } from '../index.js';
import { createScreenServices } from '../../gateway/runtime/screens.js';
import { createApp } from '../../gateway/http/app.js';
import { viewPath } from '../view.js';
import { FIXTURE_NOW, ingest, loadFixtures, memoryStore, testConfig } from '../test-fixtures.js';

const lang = process.env.LANG_UI === 'ko' ? 'ko' : 'en';
const config = testConfig({ language: lang });
const store = memoryStore(config);
loadFixtures(store);
const bus = new Bus();
const metrics = new Metrics();
const start = Date.now();
const now = () => FIXTURE_NOW + (Date.now() - start);
let link = { up: process.env.LINK !== 'down', since: process.env.LINK === 'down' ? FIXTURE_NOW - 19 * 60_000 : FIXTURE_NOW - 3_600_000 };
const logger = createLogger('warn');
const access = { deviceTokens: config.auth.deviceTokens, apiToken: config.auth.apiToken, allowedHosts: ['localhost', '127.0.0.1'] };
const { actions, catalog } = createScreenServices({ store, bus, config, log: logger, link: () => link, now });
const display = createDisplay({ config, store, bus, metrics, logger, access, actions, catalog, link: () => link, buildId: process.env.BUILD_ID ?? 'dev-1', now });
const app = createApp({ store, bus, metrics, access, logger, display: display.app, actions, viewPath, health: { phase: () => 'running', bridges: () => ({}) } });
const port = Number(process.env.PORT ?? 8099);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' });
console.log(`display dev server on http://127.0.0.1:${port}`);
if (process.env.PUBLIC_PORT) serve({ fetch: display.publicApp.fetch, port: Number(process.env.PUBLIC_PORT), hostname: '127.0.0.1' });

let n = 0;
setInterval(() => {
  n++;
  const ts = new Date(now() + 9 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, '+09:00');
  const notices = [
    ingest(store, 'scpm/v1/urban/pm25/11230', { metric: 'pm25', district: '11230', value: 15 + (n % 20), unit: 'ug/m3', ts }, now()),
    ingest(store, 'scpm/v1/polls/poll-311', { id: 'poll-311', title: 'Name for the new riverside park', kind: 'community', visibility: 'public', status: 'open', totalVoters: 22542 + n * 3,
      options: [{ id: 'a', label: 'Hangang Green', votes: 9120 + n * 2 }, { id: 'b', label: 'Riverside Commons', votes: 9302 + n }, { id: 'c', label: 'Seoul Forest Bay', votes: 4120 }], ts }, now()),
  ].filter((x) => x !== null);
  bus.emit('city:changed', notices);
}, Number(process.env.TICK_MS ?? 3000)).unref();
if (process.env.FLAP) setInterval(() => { link = { up: !link.up, since: now() }; bus.emit('link', { up: link.up, at: now() }); }, Number(process.env.FLAP)).unref();
setInterval(() => undefined, 1 << 30);
