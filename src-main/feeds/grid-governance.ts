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
 * GCJ-02 and BD-09 positions are converted to WGS-84; the original is kept beside it. The state
 * counts from the event's `updateTime` when it sends one (a catch-up of past hours keeps its
 * stage times and clocks), else from when it was received.
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
  let updatedAt = receivedAt;
  if (e.updateTime !== undefined) {
    const at = Date.parse(e.updateTime);
    const late = futureTimeProblem('updateTime', at, receivedAt, maxFutureSkewMs);
    if (late) return { ok: false, reason: late };
    if (at < reportedAt) return { ok: false, reason: 'updateTime: before reportTime' };
    // A clock a little ahead of ours counts from now: a stage never ends before it began here.
    updatedAt = Math.min(at, receivedAt);
  }
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
    updatedAt,
    unit: e.unit,
  };
  return { ok: true, value: { incident, raw: e } };
}
