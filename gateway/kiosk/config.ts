// The kiosk's section of the office config (`kiosk:`): part of the one schema,
// and read by the kiosk's launcher (scripts/kiosk/config.ts) on its own.
import { z } from 'zod';

export const ROTATIONS = [0, 90, 180, 270] as const;

const screenId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'a screen id slug');

export const kioskSection = z.strictObject({
  screen: screenId.default('wall').describe('Screen id this kiosk shows; its heartbeats are reported under it in /healthz'),
  scaleFactor: z.number().min(0.5).max(4).default(1).describe('Page zoom of the kiosk browser (2 on a 4K panel seen from 2-3 m)'),
  rotate: z.union(ROTATIONS.map((r) => z.literal(r)) as [z.ZodLiteral<0>, z.ZodLiteral<90>, z.ZodLiteral<180>, z.ZodLiteral<270>]).default(0)
    .describe('Clockwise rotation of the output, for a panel mounted in portrait'),
  heartbeatTimeoutSeconds: z.number().int().min(10).max(3600).default(30)
    .describe('The kiosk is restarted when the wall has sent no heartbeat for this long while the gateway is up'),
});
