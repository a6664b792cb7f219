import { describe, it, expect } from 'vitest';
import { SessionOwners } from './session-owners.js';

const dev = (id: string) => ({ username: `user-${id}`, owner: `device:${id}` });

describe('SessionOwners', () => {
  it('a client id belongs to the account that claimed it; another account is refused, the same one may come back', () => {
    const s = new SessionOwners(8, () => false);
    expect(s.claim('x', dev('a'), false, 1)).toEqual({ ok: true, evict: [] });
    expect(s.claim('x', dev('b'), false, 2)).toEqual({ ok: false, heldBy: 'user-a' });
    expect(s.claim('x', dev('b'), true, 3)).toEqual({ ok: false, heldBy: 'user-a' });
    expect(s.claim('x', dev('a'), false, 4).ok).toBe(true);
    expect(s.ownerOf('x')).toBe('device:a');
  });

  it('a clean session ends with its connection (not with an older one of the same id); a persistent one stays', () => {
    const s = new SessionOwners(8, () => false);
    s.claim('c', dev('a'), true, 'conn-1');
    s.claim('c', dev('a'), true, 'conn-2');
    s.disconnected('c', 'conn-1');
    expect(s.ownerOf('c')).toBe('device:a');
    s.disconnected('c', 'conn-2');
    expect(s.ownerOf('c')).toBeUndefined();
    s.claim('p', dev('a'), false, 'conn-3');
    s.disconnected('p', 'conn-3');
    expect(s.ownerOf('p')).toBe('device:a');
  });

  it('an account keeps at most N persistent sessions: a new one ends its oldest offline ones, never a connected one', () => {
    const liveIds = new Set(['s0']);
    const s = new SessionOwners(3, (id) => liveIds.has(id));
    for (let i = 0; i < 3; i++) expect(s.claim(`s${i}`, dev('a'), false, i).ok).toBe(true);
    expect(s.claim('s3', dev('a'), false, 3)).toEqual({ ok: true, evict: ['s1'] });
    expect(s.claim('s4', dev('a'), false, 4)).toEqual({ ok: true, evict: ['s2'] });
    expect(s.persistentCount('device:a')).toBe(3);
    expect(s.ownerOf('s1')).toBeUndefined();
    expect(s.claim('s1', dev('b'), false, 5).ok).toBe(true);
    // 10,000 fresh ids: the account still holds 3.
    for (let i = 0; i < 10_000; i++) s.claim(`n${i}`, dev('a'), false, i);
    expect(s.persistentCount('device:a')).toBe(3);
    expect(s.size).toBeLessThanOrEqual(5);
  });
});
