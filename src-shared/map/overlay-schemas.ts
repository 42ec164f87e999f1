import { z } from 'zod';
import { SeveritySchema } from '../domain/incident';

/**
 * The feeds' CAP alert areas and sensor stations, validated because their data comes from feeds.
 * Apart from the overlays' geometry (./overlays.ts), which the renderer uses without zod: the host
 * validates areas and stations with these schemas before any of them reaches a window.
 */
const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

export const AlertAreaSchema = z.object({
  id: z.string().min(1).max(200),
  /** Warning colour (CAP severity Extreme→red … Minor→blue). */
  severity: SeveritySchema,
  headline: z.string().max(500),
  /** Closed rings (CAP `<polygon>`), WGS-84. */
  polygons: z.array(z.array(lonLat).min(4).max(5000)).max(100).default([]),
  /** CAP `<circle>`: centre and radius in kilometres. */
  circles: z.array(z.object({ center: lonLat, radiusKm: z.number().positive().max(2000) })).max(100).default([]),
});
export type AlertArea = z.input<typeof AlertAreaSchema>;

export const SensorStationSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().max(200),
  /** e.g. `rain`, `water-level`, `gas`. */
  kind: z.string().max(50),
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  /** Alarm level of the latest reading, or null when normal. */
  level: SeveritySchema.nullable(),
  /** The latest reading as text (value and unit), shown in the tooltip. */
  reading: z.string().max(100).nullable(),
});
export type SensorStation = z.infer<typeof SensorStationSchema>;
