import { z } from 'zod';

/**
 * What a consultation session (会商) contributes to its briefing (会商纪要): the shape of the
 * consultation service's `summary(sessionId)` (src-shared/consultation/summary.ts), declared here
 * structurally so the briefing builds and is tested without that service; it is plugged in as an
 * optional provider (`SessionSummaryProvider`) where the service exists.
 */
export interface SessionPinned {
  kind: 'incident' | 'signal' | 'alert';
  id: string;
  note: string;
}

export interface SessionDecision {
  /** Epoch ms. */
  at: number;
  by: string;
  text: string;
  unit: string | null;
  /** Epoch ms, or null. */
  deadline: number | null;
  caseId: string | null;
}

/** A GeoJSON FeatureCollection (points, lines, polygons, text labels) drawn on the session's map. */
export interface SessionAnnotations {
  type: 'FeatureCollection';
  features: { type: 'Feature'; geometry: unknown; properties?: Record<string, unknown> | null; id?: string | number }[];
}

export interface SessionSummary {
  id: string;
  title: string;
  host: string;
  startedAt: number;
  endedAt: number | null;
  pinned: SessionPinned[];
  decisions: SessionDecision[];
  annotations: SessionAnnotations;
}

/** The consultation service's `summary`: undefined (or null) for an unknown session. */
export type SessionSummaryProvider = (sessionId: string) => SessionSummary | null | undefined | Promise<SessionSummary | null | undefined>;

const FeatureSchema = z
  .object({
    type: z.literal('Feature'),
    geometry: z.unknown(),
    properties: z.record(z.string(), z.unknown()).nullable().optional(),
    id: z.union([z.string(), z.number()]).optional(),
  })
  .passthrough();

/** The same shape as a schema, for the briefing's contract answer. */
export const SessionSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  host: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  pinned: z.array(z.object({ kind: z.enum(['incident', 'signal', 'alert']), id: z.string(), note: z.string() })),
  decisions: z.array(
    z.object({ at: z.number(), by: z.string(), text: z.string(), unit: z.string().nullable(), deadline: z.number().nullable(), caseId: z.string().nullable() }),
  ),
  annotations: z.object({ type: z.literal('FeatureCollection'), features: z.array(FeatureSchema) }),
});
