// The protocol table: a new protocol is one file in this folder and one line here.
import { dfrobotSen0285 } from './dfrobot-sen0285.js';
import { scpmSerial1 } from './scpm-serial-1.js';
import type { ProtocolDriver } from './types.js';

export const PROTOCOLS = {
  'scpm-serial/1': scpmSerial1,
  'dfrobot-sen0285': dfrobotSen0285,
} as const satisfies Record<string, ProtocolDriver>;

export type ProtocolName = keyof typeof PROTOCOLS;
export const PROTOCOL_NAMES = Object.keys(PROTOCOLS) as [ProtocolName, ...ProtocolName[]];

export type { FrameParser, ProtocolDriver } from './types.js';
