import { DEFAULT_MAX_FUTURE_SKEW_MS, futureTimeProblem } from '@shared/domain/time-rules';
import { z } from 'zod';
import type { Datum, Incident, Status } from '@shared/domain/incident';
import { assignGrid } from '@shared/geo/grids';
import type { IncomingIncident } from '../store/incident-store';
import { currentFeedCategoryMap, type CategoryClassifier } from '../import/category-mapping';
import { open311Category } from './category-maps';
import { toWgs84 } from './coords';

/**
 * Open311 GeoReport v2 service requests (`requests.json`), as FixMyStreet and city systems
 * serve them: a JSON array, or an object holding one under `service_requests` or `requests`
 * (FixMyStreet wraps each item as `{ "request": … }`). Numbers may arrive as strings.
 */

const num = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
const str = (max: number) =>
  z
    .union([z.string(), z.number()])
    .transform((v) => String(v))
    .pipe(z.string().max(max));
const opt = (max: number) => z.union([str(max), z.null()]).optional();

export const Open311RequestSchema = z.object({
  service_request_id: str(200).pipe(z.string().min(1)),
  status: str(50),
  status_notes: opt(5000),
  service_name: opt(500),
  service_code: opt(200),
  description: opt(20_000),
  agency_responsible: opt(500),
  service_notice: opt(2000),
  requested_datetime: z.string().max(40),
  updated_datetime: z.string().max(40).nullable().optional(),
  expected_datetime: z.string().max(40).nullable().optional(),
  address: opt(500),
  address_id: opt(200),
  zipcode: opt(20),
  lat: num.pipe(z.number().min(-90).max(90)),
  long: num.pipe(z.number().min(-180).max(180)),
  media_url: opt(2000),
});

/** The items of a `requests.json` answer, unwrapped; a string when the shape is wrong. */
export function open311Items(doc: unknown): unknown[] | string {
  let items: unknown = doc;
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    const o = doc as Record<string, unknown>;
    items = o.service_requests ?? o.requests;
  }
  if (!Array.isArray(items)) return 'expected an array of service requests';
  return items.flatMap((i) => {
    const inner = i && typeof i === 'object' ? (i as Record<string, unknown>).request : undefined;
    return inner === undefined ? [i] : Array.isArray(inner) ? inner : [inner];
  });
}

/** GeoReport status (open/closed) and FixMyStreet's extended states → case status. */
export function open311Status(status: string): Status {
  const s = status.toLowerCase().replace(/[\s-]+/g, '_');
  if (s === 'open' || s === 'confirmed' || s === 'new') return 'reported';
  if (s === 'acknowledged' || s === 'registered') return 'registered';
  if (s === 'dispatched' || s === 'assigned') return 'dispatched';
  if (s === 'investigating' || s === 'in_progress' || s === 'action_scheduled') return 'handling';
  if (s === 'feedback' || s === 'fixed_pending') return 'feedback';
  if (s === 'duplicate') return 'duplicate';
  if (s === 'not_responsible' || s === 'unable_to_fix' || s === 'no_further_action' || s === 'wont_fix' || s === 'rejected') return 'rejected';
  if (s === 'cancelled' || s === 'hidden' || s === 'withdrawn') return 'cancelled';
  return 'closed'; // closed, fixed, resolved, and anything else GeoReport counts as closed
}

export type Open311Result = { ok: true; value: IncomingIncident; updatedAt: number; unmapped: boolean } | { ok: false; reason: string };

/**
 * One service request → canonical incident. `datum` is what the source's lat/long are in.
 * `classifier` (the data directory's category-map.json; the feeds' one when absent) is asked first.
 */
export function normalizeOpen311(source: string, item: unknown, datum: Datum, receivedAt: number, classifier?: CategoryClassifier, maxFutureSkewMs = DEFAULT_MAX_FUTURE_SKEW_MS): Open311Result {
  const parsed = Open311RequestSchema.safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') || 'request'}: ${issue?.message ?? 'invalid'}` };
  }
  const r = parsed.data;
  const reportedAt = Date.parse(r.requested_datetime);
  if (!(reportedAt >= 0)) return { ok: false, reason: 'requested_datetime: not a date' };
  const updated = r.updated_datetime ? Date.parse(r.updated_datetime) : reportedAt;
  if (!(updated >= 0)) return { ok: false, reason: 'updated_datetime: not a date' };
  const future =
    futureTimeProblem('requested_datetime', reportedAt, receivedAt, maxFutureSkewMs) ??
    futureTimeProblem('updated_datetime', updated, receivedAt, maxFutureSkewMs);
  if (future) return { ok: false, reason: future };
  const [lon, lat] = toWgs84(r.long, r.lat, datum);
  const mapped = (classifier ?? currentFeedCategoryMap()).lookup(source, [r.service_code, r.service_name]);
  const { code, severity, unmapped } = mapped ? { code: mapped.code, severity: 'blue' as const, unmapped: false } : open311Category(r.service_code ?? '', r.service_name ?? '');
  const description = [r.description, r.status_notes].filter(Boolean).join('\n\n');
  const incident: Incident = {
    id: `${source}:${r.service_request_id}`,
    source,
    sourceId: r.service_request_id,
    category: code,
    severity,
    status: open311Status(r.status),
    title: (r.service_name || r.service_code || '城市管理案件').slice(0, 500),
    description: description.slice(0, 20_000),
    lon,
    lat,
    original: { lon: r.long, lat: r.lat, datum },
    gridId: assignGrid(lon, lat),
    address: r.address ?? '',
    reportedAt,
    updatedAt: receivedAt,
    unit: r.agency_responsible || null,
  };
  return { ok: true, value: { incident, raw: item }, updatedAt: updated, unmapped };
}
