// An order as a client gives it (POST /api/v1/orders, or a screen action),
// validated at the edge, and who gave it.
import { z } from 'zod';
import { idSlug } from '../contract/payloads.js';

export const orderInput = z.strictObject({
  /** A client-chosen order id: a retry with the same id by the same principal returns the first order. */
  id: idSlug.optional(),
  text: z.string().trim().min(1).max(2000),
  ref: idSlug.nullable().optional(),
  source: z.strictObject({
    screen: idSlug.nullable().optional(),
    via: z.enum(['touch', 'voice', 'gesture', 'api']).default('api'),
  }).optional(),
  /** A technician's test order: published with "test": true, acknowledged by the city and acted on by no one. */
  test: z.boolean().optional(),
});
export type OrderInput = z.output<typeof orderInput>;

/** The `Idempotency-Key` header: 1-128 visible ASCII characters. */
export const idempotencyKey = z.string().regex(/^[\x21-\x7e]{1,128}$/, '1-128 visible ASCII characters');
