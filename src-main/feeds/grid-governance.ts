import type { Incident, Severity } from '@shared/domain/incident';
import { assignGrid } from '@shared/geo/grids';
import { GridEventSchema, type GridEvent } from '@shared/wire/grid-event';
import type { IncomingIncident } from '../store/incident-store';

const LEVEL_TO_SEVERITY: Record<number, Severity> = { 1: 'red', 2: 'orange', 3: 'yellow', 4: 'blue' };

export type NormalizeResult = { ok: true; value: IncomingIncident } | { ok: false; reason: string };

/**
 * Grid-governance event → canonical incident. Validates first; treats the payload as hostile.
 * The grid is recomputed from the coordinates (the source's grid code is kept in the raw payload).
 * Coordinates other than WGS-84/CGCS2000 are refused until the datum conversion lands, rather
 * than placing an incident hundreds of metres off.
 */
export function normalizeGridEvent(source: string, payload: unknown, receivedAt: number): NormalizeResult {
  const parsed = GridEventSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'invalid'}` };
  }
  const e: GridEvent = parsed.data;
  if (e.coordSys !== 'WGS84' && e.coordSys !== 'CGCS2000') {
    return { ok: false, reason: `coordSys ${e.coordSys} not supported yet` };
  }
  const reportedAt = Date.parse(e.reportTime);
  const incident: Incident = {
    id: `${source}:${e.eventId}`,
    source,
    sourceId: e.eventId,
    category: e.categoryCode,
    severity: LEVEL_TO_SEVERITY[e.level]!,
    status: e.state,
    title: e.title,
    description: e.content,
    lon: e.lng,
    lat: e.lat,
    original: { lon: e.lng, lat: e.lat, datum: e.coordSys },
    gridId: assignGrid(e.lng, e.lat),
    address: e.address,
    reportedAt,
    updatedAt: receivedAt,
    unit: e.unit,
  };
  return { ok: true, value: { incident, raw: e } };
}
