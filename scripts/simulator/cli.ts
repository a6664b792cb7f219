// Command line: run the city simulator against a broker until SIGINT/SIGTERM.
//   node dist/scripts/simulator/cli.js --url mqtt://127.0.0.1:1883 [--rate N] [--root scpm/v1] [--protocol 4|5] [--seed N]
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, DEFAULT_TOPIC_ROOT } from './generate.js';
import { consoleLogger, startSimulator, type SimulatorHandle } from './simulator.js';

const USAGE = `Usage: node dist/scripts/simulator/cli.js --url mqtt://HOST:PORT [options]

Publishes a simulated Seoul city data hub (contract v1): the retained snapshot
(indicator catalogue, 12 months of indicator values for 25 districts + city,
urban readings, incidents, complaints, polls, pledges, trends), then live updates.

Options:
  --url URL          broker URL (required), e.g. mqtt://127.0.0.1:1883
  --rate N           multiplier on the live event rate (default 1)
  --root TOPIC       topic root (default ${DEFAULT_TOPIC_ROOT})
  --protocol 4|5     MQTT protocol version (default 4 = 3.1.1, as aedes speaks)
  --seed N           random seed (default ${DEFAULT_SEED}); same seed, same city
  --username NAME    broker username (or SCPM_SIM_USERNAME in the environment)
  --password PASS    broker password (better: SCPM_SIM_PASSWORD in the environment,
                     since argv is visible to every user in ps)
  --exit-with-parent stop when standard input closes (the parent process is gone)
  -h, --help         show this help
`;

function fail(message: string): never {
  console.error(`error: ${message}\n`);
  console.error(USAGE);
  process.exit(2);
}

function numberOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) fail(`--${name} must be a number, got "${text}"`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        url: { type: 'string' }, rate: { type: 'string' }, root: { type: 'string' }, protocol: { type: 'string' },
        seed: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' },
        'exit-with-parent': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.url) fail('--url is required');
  const rate = numberOption('rate', values.rate);
  if (rate !== undefined && !(rate > 0)) fail('--rate must be greater than 0');
  const protocol = numberOption('protocol', values.protocol);
  if (protocol !== undefined && protocol !== 4 && protocol !== 5) fail('--protocol must be 4 or 5');
  const seed = numberOption('seed', values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) fail('--seed must be an integer');
  const username = values.username ?? process.env.SCPM_SIM_USERNAME;
  const password = values.password ?? process.env.SCPM_SIM_PASSWORD;

  let sim: SimulatorHandle | null = null;
  let stopping = false;
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${why}: stopping`);
    // Still connecting: nothing to finish, leave at once.
    if (!sim) process.exit(0);
    sim.stop().then(() => process.exit(0), (err: Error) => {
      console.error(`error while stopping: ${err.message}`);
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (values['exit-with-parent']) {
    // The gateway holds our stdin open; it closes when the gateway dies, even by SIGKILL.
    process.stdin.on('end', () => stop('parent gone'));
    process.stdin.on('close', () => stop('parent gone'));
    process.stdin.resume();
  }

  console.log(`Simulating the Seoul city data hub on ${values.url} (root ${values.root ?? DEFAULT_TOPIC_ROOT}, rate ${rate ?? 1}); Ctrl-C stops.`);
  sim = await startSimulator({
    url: values.url, rate, topicRoot: values.root, protocolVersion: protocol as 4 | 5 | undefined, seed,
    username, password, logger: consoleLogger,
  });
}

main().catch((err: Error) => {
  console.error(`error: ${err.message}`);
  process.exit(1);
});
