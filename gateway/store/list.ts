// Paging bounds of every list the store serves.
import type { ListOptions } from './types.js';

/** limit in [1, max] (default 100), offset ≥ 0, both whole numbers. */
export function clampLimit(o: ListOptions = {}, max = 500): { limit: number; offset: number } {
  return {
    limit: Math.max(1, Math.min(max, Math.trunc(o.limit ?? 100))),
    offset: Math.max(0, Math.trunc(o.offset ?? 0)),
  };
}
