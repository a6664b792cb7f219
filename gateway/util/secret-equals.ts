// The one constant-time comparison of a secret (a token, a password).
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string | Uint8Array): Buffer => createHash('sha256').update(value).digest();

/** Constant-time equality; both sides are hashed first, so their lengths leak nothing. */
export function secretEquals(given: string | Uint8Array, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}
