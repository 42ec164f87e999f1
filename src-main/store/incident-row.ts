import type { Incident } from '@shared/domain/incident';

/** A row of `incidents` as the columns in COLUMNS read it. */
export interface IncidentRow {
  seq: number;
  id: string;
  source: string;
  source_id: string;
  category: string;
  severity: Incident['severity'];
  status: Incident['status'];
  title: string;
  description: string;
  lon: number;
  lat: number;
  orig_lon: number;
  orig_lat: number;
  orig_datum: Incident['original']['datum'];
  grid_id: string | null;
  address: string;
  reported_at: number;
  updated_at: number;
  unit: string | null;
  stage_entered_at: number;
  due_at: number | null;
  attachments: string | null;
}

/** The columns an Incident is read from, in the order of IncidentRow. */
export const COLUMNS =
  'seq, id, source, source_id, category, severity, status, title, description, lon, lat, orig_lon, orig_lat, ' +
  'orig_datum, grid_id, address, reported_at, updated_at, unit, stage_entered_at, due_at, attachments';

/** The Incident a row holds. */
export function fromRow(r: IncidentRow): Incident {
  const incident: Incident = {
    id: r.id,
    source: r.source,
    sourceId: r.source_id,
    category: r.category,
    severity: r.severity,
    status: r.status,
    title: r.title,
    description: r.description,
    lon: r.lon,
    lat: r.lat,
    original: { lon: r.orig_lon, lat: r.orig_lat, datum: r.orig_datum },
    gridId: r.grid_id,
    address: r.address,
    reportedAt: r.reported_at,
    updatedAt: r.updated_at,
    unit: r.unit,
    stageEnteredAt: r.stage_entered_at,
    dueAt: r.due_at,
  };
  if (r.attachments) incident.attachments = JSON.parse(r.attachments) as Incident['attachments'];
  return incident;
}
