// The local broker's bounds.
import type { QueueLimits } from './session-queues.js';

/** Largest device payload parsed (the contract's 64 KiB). */
export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** Largest MQTT packet accepted: a 64 KiB payload plus room for its topic and header fields. */
export const MAX_PACKET_BYTES = MAX_PAYLOAD_BYTES + 1024;
/** TCP connections allowed beyond maxClients + maxHandshakes, for the internal clients. */
export const INTERNAL_CONNECTION_RESERVE = 4;
/** Persistent sessions (client ids with clean=false) one account keeps; a new one past it ends its oldest offline one. */
export const MAX_SESSIONS_PER_ACCOUNT = 8;
/**
 * The internal account's queue bound (the gateway's own upstream client in
 * demo mode, a persistent QoS 1 subscriber of the demo city): wide, so a
 * bridge restart loses nothing, but a bound all the same.
 */
export const INTERNAL_QUEUE_LIMITS: QueueLimits = { maxMessages: 100_000, maxBytes: 64 * 1024 * 1024 };
export const CHANGES_WINDOW_MS = 250;
export const CHANGES_MAX_KEYS = 500;
/**
 * Subscriptions one device client holds: a tablet needs the office state and
 * its own prefix, a few filters; its own prefix takes any subtopic, and aedes
 * keeps each filter in memory for as long as the session lives (100,200
 * filters from one client held 339 MB after it left). With 8 persistent
 * sessions an account holds at most 512.
 */
export const MAX_SUBSCRIPTIONS_PER_CLIENT = 64;
/** Screens whose state is mirrored. */
export const MAX_SCREENS = 64;
/** Longest the broker and its listener take to close before they are abandoned. */
export const STOP_TIMEOUT_MS = 2000;
/**
 * Most retained topics the broker holds (in the store, not in memory). Demo
 * mode's city is ~17.3k; device mode holds the office state (a few dozen).
 */
export const MAX_RETAINED_TOPICS = 50_000;
/** Retained writes are committed together, at most this long after the first one (ms). */
export const RETAINED_FLUSH_MS = 20;
