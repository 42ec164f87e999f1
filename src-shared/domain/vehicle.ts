import { z } from 'zod';

/** A GPS fix of a field vehicle (sanitation, landscaping, command vehicle). */
export const VehiclePositionSchema = z.object({
  id: z.string().min(1).max(64),
  /** Licence plate or call sign, e.g. 湘K·A1234. */
  name: z.string().max(50),
  kind: z.enum(['sanitation', 'landscaping', 'command', 'patrol']),
  /** WGS-84. */
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  /** Degrees clockwise from north. */
  heading: z.number().min(0).max(360),
  speedKmh: z.number().min(0).max(300),
  /** Fix time, epoch ms. */
  at: z.number().int().nonnegative(),
});
export type VehiclePosition = z.infer<typeof VehiclePositionSchema>;
