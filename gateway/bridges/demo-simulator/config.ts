// The demo simulator's config section: `demo`.
import { z } from 'zod';

export const demoSection = z.strictObject({
  simulator: z.boolean().default(true).describe('Run the city simulator when no upstream URL is set'),
  rate: z.number().min(0.1).max(100).default(1),
}).prefault({});

export type DemoConfig = z.output<typeof demoSection>;
