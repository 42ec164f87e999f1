import { z } from 'zod';
import { SeveritySchema } from '../domain/incident';
import { circleRing } from './overlays';

/**
 * The feeds' CAP alert areas and sensor stations, validated because their data comes from feeds.
 * Apart from the overlays' geometry (./overlays.ts), which the renderer's shell uses without zod.
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

/** Every area as polygon rings, circles included; invalid areas are left out. */
export function alertAreaRings(areas: readonly AlertArea[]): { id: string; severity: AlertArea['severity']; headline: string; ring: [number, number][] }[] {
  const out: { id: string; severity: AlertArea['severity']; headline: string; ring: [number, number][] }[] = [];
  for (const raw of areas) {
    const parsed = AlertAreaSchema.safeParse(raw);
    if (!parsed.success) continue;
    const a = parsed.data;
    for (const ring of a.polygons) out.push({ id: a.id, severity: a.severity, headline: a.headline, ring: ring as [number, number][] });
    for (const c of a.circles) out.push({ id: a.id, severity: a.severity, headline: a.headline, ring: circleRing(c.center as [number, number], c.radiusKm) });
  }
  return out;
}
