// The office device broker's config section: `localBroker`.
import { z } from 'zod';
import { secret } from '../../config/secret.js';
import { port, slug } from '../../config/core.js';

const deviceSchema = z.strictObject({
  id: slug,
  username: z.string().min(1),
  password: secret,
});

export const localBrokerSection = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: port.default(1883).describe('0 disables the local broker (demo mode still runs one on an internal port)'),
  devices: z.array(deviceSchema).default([]),
  queueLimit: z.number().int().min(1).default(1000).describe('Messages queued per client before it is dropped'),
  maxInflight: z.number().int().min(1).default(100),
  drainTimeoutMs: z.number().int().min(100).default(5000),
  maxClients: z.number().int().min(1).default(64),
  demoPort: port.default(0).describe('In demo mode with port 0: the port of the internal broker the simulator publishes to (loopback only); 0 = any free port'),
}).superRefine((lb, ctx) => {
  const seen = new Map<string, number>();
  lb.devices.forEach((d, i) => {
    if (seen.has(d.username)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'username'], message: `a unique username (devices[${seen.get(d.username)}] has it too)`, input: d.username });
    else seen.set(d.username, i);
  });
}).prefault({});

export type LocalBrokerConfig = z.output<typeof localBrokerSection>;
