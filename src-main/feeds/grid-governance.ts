import type { Incident, Severity } from '@shared/domain/incident';
import { assignGrid } from '@shared/geo/grids';
import { DEFAULT_MAX_FUTURE_SKEW_MS, futureTimeProblem } from '@shared/domain/time-rules';
import { GridEventSchema, type GridEvent } from '@shared/wire/grid-event';
import type { IncomingIncident } from '../store/incident-store';
import { currentFeedCategoryMap, type CategoryClassifier } from '../import/category-mapping';
import { toWgs84 } from './coords';

const LEVEL_TO_SEVERITY: Record<number, Severity> = { 1: 'red', 2: 'orange', 3: 'yellow', 4: 'blue' };

export type NormalizeResult = { ok: true; value: IncomingIncident } | { ok: false; reason: string };

/**
 * Grid-governance event → canonical incident. Validates first; treats the payload as hostile.
 * The grid is recomputed from the coordinates (the source's grid code is kept in the raw payload).
 * GCJ-02 and BD-09 positions are converted to WGS-84; the original is kept beside it.
 */
export function normalizeGridEvent(source: string, payload: unknown, receivedAt: number, classifier?: CategoryClassifier, maxFutureSkewMs = DEFAULT_MAX_FUTURE_SKEW_MS): NormalizeResult {
  const parsed = GridEventSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'invalid'}` };
  }
  const e: GridEvent = parsed.data;
  const [lon, lat] = toWgs84(e.lng, e.lat, e.coordSys);
  const reportedAt = Date.parse(e.reportTime);
  if (!(reportedAt >= 0)) return { ok: false, reason: 'reportTime: before 1970' };
  const future = futureTimeProblem('reportTime', reportedAt, receivedAt, maxFutureSkewMs);
  if (future) return { ok: false, reason: future };
  const incident: Incident = {
    id: `${source}:${e.eventId}`,
    source,
    sourceId: e.eventId,
    // The platform may send its category by name (疫情防控) or by code; an unknown code is kept as sent.
    category: (classifier ?? currentFeedCategoryMap()).lookup(source, [e.categoryCode])?.code ?? e.categoryCode,
    severity: LEVEL_TO_SEVERITY[e.level]!,
    status: e.state,
    title: e.title,
    description: e.content,
    lon,
    lat,
    original: { lon: e.lng, lat: e.lat, datum: e.coordSys },
    gridId: assignGrid(lon, lat),
    address: e.address,
    reportedAt,
    updatedAt: receivedAt,
    unit: e.unit,
  };
  return { ok: true, value: { incident, raw: e } };
}
