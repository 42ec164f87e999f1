import { z } from 'zod';
import { SeveritySchema } from '../domain/incident';

/**
 * Overlays the map draws from other systems: CAP alert areas (polygons and circles in their
 * warning colour) and sensor stations. Validated here because their data comes from feeds.
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

/** A circle as a closed ring of `segments` points (good at city scale). */
export function circleRing(center: [number, number], radiusKm: number, segments = 64): [number, number][] {
  const [lon, lat] = center;
  const dLat = radiusKm / 110.574;
  const dLon = radiusKm / (111.32 * Math.cos((lat * Math.PI) / 180));
  const ring: [number, number][] = [];
  for (let i = 0; i <= segments; i++) {
    const a = (i / segments) * 2 * Math.PI;
    ring.push([lon + dLon * Math.cos(a), lat + dLat * Math.sin(a)]);
  }
  ring[segments] = ring[0]!;
  return ring;
}

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

/** The CAP alerts in force as map areas: one per alert, headline in Chinese when there is one. */
export function alertsToAreas(
  alerts: readonly {
    identifier: string;
    severity: AlertArea['severity'];
    infos: readonly { language: string; headline: string; event: string }[];
    areas: readonly { polygons: readonly (readonly (readonly [number, number])[])[]; circles: readonly { center: readonly [number, number]; radiusKm: number }[] }[];
  }[],
): AlertArea[] {
  const out: AlertArea[] = [];
  for (const a of alerts) {
    const info = a.infos.find((i) => i.language.toLowerCase().startsWith('zh')) ?? a.infos[0];
    const polygons = a.areas.flatMap((ar) => ar.polygons).filter((r) => r.length >= 4);
    const circles = a.areas.flatMap((ar) => ar.circles).filter((c) => c.radiusKm > 0);
    if (polygons.length === 0 && circles.length === 0) continue;
    out.push({
      id: a.identifier.slice(0, 200),
      severity: a.severity,
      headline: (info?.headline || info?.event || a.identifier).slice(0, 500),
      polygons: polygons.map((r) => r.map(([x, y]) => [x, y] as [number, number])),
      circles: circles.map((c) => ({ center: [c.center[0], c.center[1]] as [number, number], radiusKm: c.radiusKm })),
    });
  }
  return out;
}
