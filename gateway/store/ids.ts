import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID-style order id: sortable by creation time, unique without coordination. */
export function newOrderId(nowMs: number): string {
  let time = '';
  let t = nowMs;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const rand = randomBytes(10);
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[rand[Math.floor(i * 10 / 16)]! % 32]!;
  return `ord-${time}${tail}`;
}
