// Every bridge of the gateway, one line each. A new bridge is a folder with a
// descriptor (index.ts) and a line here; the host, the config schema and the
// contract suite pick it up from this list.
import { localBroker } from './local-broker/index.js';
import { demoSimulator } from './demo-simulator/index.js';
import { upstream } from './upstream/index.js';
import { serial } from './serial/index.js';
import { cameras } from './cameras/index.js';
import { voice } from './voice/index.js';

export const BRIDGES = [
  localBroker,
  demoSimulator,
  upstream,
  serial,
  cameras,
  voice,
] as const;
