import { describe, expect, it } from 'vitest';
import { ViewLog } from './view-log.js';

describe('view log', () => {
  it('keeps the last N entries, oldest first, and counts all', () => {
    const log = new ViewLog(3);
    for (let i = 0; i < 7; i++) log.add({ at: i, who: 'loopback', camera: `c${i}`, variant: 'main', event: 'open' });
    expect(log.entries().map((e) => e.at)).toEqual([4, 5, 6]);
    expect(log.total).toBe(7);
  });
});
