import { z } from 'zod';
import { DatumSchema, type Incident } from '@shared/domain/incident';
import { assignGrid } from '@shared/geo/grids';
import type { IncomingIncident } from '../store/incident-store';
import { waterLevelSeverity } from './category-maps';
import { toWgs84 } from './coords';

/**
 * Water-level sensor readings (水位站), one JSON object per MQTT message, e.g. on
 * `loudi/water/<stationId>/level`:
 * `{ "stationId": "LS-01", "name": "涟水娄底站", "lon": 112.0, "lat": 27.7, "levelM": 41.2,
 *    "warnM": 41.0, "dangerM": 42.5, "at": "2026-11-28T10:00:00+08:00" }`.
 */
export const WaterLevelSchema = z
  .object({
    stationId: z.string().regex(/^[\w.-]{1,64}$/),
    name: z.string().max(200),
    kind: z.enum(['river', 'urban']).default('river'),
    lon: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    datum: DatumSchema.default('WGS84'),
    levelM: z.number().min(-1000).max(10_000),
    warnM: z.number().min(-1000).max(10_000),
    dangerM: z.number().min(-1000).max(10_000),
    at: z.union([z.iso.datetime({ offset: true }), z.number().int().nonnegative()]),
  })
  .strict();

/** Per station: the newest reading's time, and when the current exceedance began (null when normal). */
export type StationStates = Record<string, { at: number; since: number | null }>;

export type WaterLevelOutcome =
  | { kind: 'invalid'; reason: string }
  | { kind: 'duplicate' }
  | { kind: 'reading'; at: number; incident?: IncomingIncident };

/**
 * One reading against the station's state: a reading crossing the warning level opens an
 * incident (one per exceedance, its id the station and the time it began), further readings
 * update its severity, and the first normal reading closes it. Readings not newer than the
 * last one are duplicates (MQTT QoS 1 may deliver twice; retained messages repeat).
 */
export function applyWaterLevel(source: string, payload: unknown, states: StationStates, receivedAt: number): WaterLevelOutcome {
  const parsed = WaterLevelSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { kind: 'invalid', reason: `${issue?.path.join('.') || 'reading'}: ${issue?.message ?? 'invalid'}` };
  }
  const r = parsed.data;
  const at = typeof r.at === 'number' ? r.at : Date.parse(r.at);
  if (!(at >= 0)) return { kind: 'invalid', reason: 'at: before 1970' };
  if (r.warnM > r.dangerM) return { kind: 'invalid', reason: 'warnM above dangerM' };
  const prev = states[r.stationId];
  if (prev && at <= prev.at) return { kind: 'duplicate' };
  const level = waterLevelSeverity({ levelM: r.levelM, warnM: r.warnM, dangerM: r.dangerM, kind: r.kind });
  const since = level ? (prev?.since ?? at) : null;
  states[r.stationId] = { at, since };
  const episode = level ? since : (prev?.since ?? null);
  if (episode === null) return { kind: 'reading', at };
  const [lon, lat] = toWgs84(r.lon, r.lat, r.datum);
  const over = (r.levelM - r.warnM).toFixed(2);
  const incident: Incident = {
    id: `${source}:${r.stationId}:${episode}`,
    source,
    sourceId: `${r.stationId}:${episode}`,
    category: level?.code ?? (r.kind === 'urban' ? 'em.waterlogging' : 'em.flood'),
    severity: level?.severity ?? 'yellow',
    status: level ? 'reported' : 'closed',
    title: level ? `${r.name}水位超警戒 ${over} 米` : `${r.name}水位回落至警戒以下`,
    description: `水位 ${r.levelM.toFixed(2)} 米（警戒 ${r.warnM.toFixed(2)} 米，危险 ${r.dangerM.toFixed(2)} 米）`,
    lon,
    lat,
    original: { lon: r.lon, lat: r.lat, datum: r.datum },
    gridId: assignGrid(lon, lat),
    address: r.name,
    reportedAt: episode,
    updatedAt: receivedAt,
    unit: null,
  };
  return { kind: 'reading', at, incident: { incident, raw: payload } };
}
