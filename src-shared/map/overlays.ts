/**
 * Overlays the map draws from other systems: CAP alert areas (polygons and circles in their
 * warning colour) and sensor stations (their schemas, and the validating `alertAreaRings`, are in
 * ./overlay-schemas.ts, so the renderer's shell loads no zod).
 */
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
