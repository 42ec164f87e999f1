import { z } from 'zod';
import { SEVERITIES } from './severity';
import { STATUSES } from './status';

// The vocabulary lives in zod-free modules (the renderer's shell reads it); the schemas are here.
export { SEVERITIES, severityRank, type Severity } from './severity';
export { STATUSES, TERMINAL_STATUSES, type Status } from './status';
export const SeveritySchema = z.enum(SEVERITIES);
export const StatusSchema = z.enum(STATUSES);

/** Geodetic datums the feeds use. WGS-84 is what the store and the map use. */
export const DATUMS = ['WGS84', 'CGCS2000', 'GCJ02', 'BD09'] as const;
export const DatumSchema = z.enum(DATUMS);
export type Datum = z.infer<typeof DatumSchema>;

/** A file attached to an incident: its URL and what it is. */
export const AttachmentSchema = z.object({
  url: z.string().min(1).max(2000),
  /** Display name. */
  name: z.string().max(200).optional(),
  /** MIME type when known (image/jpeg, video/mp4…). */
  type: z.string().max(100).optional(),
});

const lon = z.number().min(-180).max(180);
const lat = z.number().min(-90).max(90);

/** One incident as the console knows it: canonical, whatever feed it came from. */
export const IncidentSchema = z.object({
  /** Stable id: `<source>:<sourceId>`. */
  id: z.string().min(3).max(300),
  /** The feed that reported it (e.g. `sim.grid`). */
  source: z.string().min(1).max(100),
  /** The id the source gave it. */
  sourceId: z.string().min(1).max(200),
  /** Category code (e.g. `gg.epidemic`). */
  category: z.string().min(1).max(100),
  severity: SeveritySchema,
  status: StatusSchema,
  title: z.string().max(500),
  description: z.string().max(20_000),
  /** Longitude, WGS-84. */
  lon,
  /** Latitude, WGS-84. */
  lat,
  /** The coordinates as the source sent them, and in which datum. */
  original: z.object({ lon, lat, datum: DatumSchema }),
  /** Responsibility grid code, or null when outside every grid. */
  gridId: z.string().max(50).nullable(),
  address: z.string().max(500),
  /** When it was reported, epoch milliseconds. */
  reportedAt: z.number().int().nonnegative(),
  /** When the console last changed it, epoch milliseconds. */
  updatedAt: z.number().int().nonnegative(),
  /** Responsible unit, once assigned. */
  unit: z.string().max(200).nullable(),
  /** When the current status began, epoch ms (the case clock runs from here). Set by the store. */
  stageEnteredAt: z.number().int().nonnegative().optional(),
  /** When the current stage is due, epoch ms; null once the case has ended. Set by the store. */
  dueAt: z.number().int().nonnegative().nullable().optional(),
  /** Photos, videos and documents attached by the source or an operator (URLs only, never fetched blindly). */
  attachments: z.array(AttachmentSchema).max(50).optional(),
});
export type Incident = z.infer<typeof IncidentSchema>;
