/**
 * Overlays the map draws from other systems: CAP alert areas (polygons and circles in their
 * warning colour) and sensor stations (their schemas are in ./overlay-schemas.ts and run in the host,
 * so the renderer loads no zod for its map).
 */
import { SEVERITIES } from '../domain/severity';
import type { AlertArea } from './overlay-schemas';

export type { AlertArea, SensorStation } from './overlay-schemas';

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

const isLonLat = (p: unknown): p is [number, number] =>
  Array.isArray(p) && p.length === 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0] as number) <= 180 && Math.abs(p[1] as number) <= 90;

/**
 * Every area as polygon rings, circles included, for drawing. The areas were validated by the host
 * (domain/alert.ts); what cannot be drawn is still left out here (an unknown colour, a ring of fewer
 * than four points or with a coordinate off the globe, a circle without a positive radius), so one
 * bad area never takes the layer down.
 */
export function alertAreaRings(areas: readonly AlertArea[]): { id: string; severity: AlertArea['severity']; headline: string; ring: [number, number][] }[] {
  const out: { id: string; severity: AlertArea['severity']; headline: string; ring: [number, number][] }[] = [];
  for (const a of areas) {
    if (!SEVERITIES.includes(a.severity)) continue;
    const polygons = a.polygons ?? [];
    const circles = a.circles ?? [];
    if (!polygons.every((r) => Array.isArray(r) && r.length >= 4 && r.every(isLonLat))) continue;
    if (!circles.every((c) => isLonLat(c.center) && Number.isFinite(c.radiusKm) && c.radiusKm > 0 && c.radiusKm <= 2000)) continue;
    for (const ring of polygons) out.push({ id: a.id, severity: a.severity, headline: a.headline, ring: ring as [number, number][] });
    for (const c of circles) out.push({ id: a.id, severity: a.severity, headline: a.headline, ring: circleRing(c.center as [number, number], c.radiusKm) });
  }
  return out;
}
