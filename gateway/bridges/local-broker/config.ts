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
  maxClients: z.number().int().min(1).default(64).describe('Devices connected at once (the internal account is not counted)'),
  maxHandshakes: z.number().int().min(1).max(1024).default(32)
    .describe('Connections not yet authenticated, held apart from maxClients; over it the oldest one (of the address holding most) is closed'),
  connectTimeoutMs: z.number().int().min(500).max(60_000).default(5000).describe('A connection that has not sent CONNECT by then is closed'),
  sessionQueue: z.strictObject({
    maxMessages: z.number().int().min(1).default(1000),
    maxBytes: z.number().int().min(256 * 1024).default(4 * 1024 * 1024),
  }).prefault({}).describe('QoS 1/2 messages held for a device\'s persistent sessions (all its client ids together) while it is away; past either bound the oldest is dropped and counted'),
  loginBackoff: z.strictObject({
    freeFailures: z.number().int().min(1).default(5).describe('Failed logins from one address before it must wait'),
    initialMs: z.number().int().min(100).default(1000).describe('The first wait; each further failure doubles it'),
    maxMs: z.number().int().min(1000).default(60_000),
  }).prefault({}).describe('Failed logins are throttled per source address: while it waits, an address is refused without a password check'),
  demoPort: port.default(0).describe('In demo mode with port 0: the port of the internal broker the simulator publishes to (loopback only); 0 = any free port'),
}).superRefine((lb, ctx) => {
  const seen = new Map<string, number>();
  lb.devices.forEach((d, i) => {
    if (seen.has(d.username)) ctx.addIssue({ code: 'custom', path: ['devices', i, 'username'], message: `a unique username (devices[${seen.get(d.username)}] has it too)`, input: d.username });
    else seen.set(d.username, i);
  });
}).prefault({});

export type LocalBrokerConfig = z.output<typeof localBrokerSection>;
