import type { StoreLimits } from './types.js';

/** Small bounds for tests. */
export const TEST_LIMITS: StoreLimits = {
  maxSizeMb: 64, warnAtPercent: 80, urbanRawRetentionHours: 1, urbanDownsampleMinutes: 60, urbanDownsampledRetentionDays: 30,
  closedEntityRetentionDays: 7, indicatorRetentionMonths: 24, rejectedKeep: 10, ordersKeep: 100, maxRowsPerEntity: 1000,
};
