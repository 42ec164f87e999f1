import { z } from 'zod';

/**
 * A consultation (会商) as the briefing (会商纪要) and the archive read it: who held it and when,
 * what was pinned, what was decided, what was drawn. Built from the session's shared document by
 * `summarize()` (doc.ts); the main side serves it as `ConsultationService.summary(id)`.
 */
export const PinnedItemSchema = z.object({
  kind: z.enum(['incident', 'signal', 'alert']),
  id: z.string().min(1).max(300),
  note: z.string().max(2000),
});
export type PinnedItem = z.infer<typeof PinnedItemSchema>;

export const DecisionSchema = z.object({
  /** epoch ms */
  at: z.number().int(),
  /** Who decided (the participant's name). */
  by: z.string().max(200),
  text: z.string().min(1).max(2000),
  /** The unit assigned, if any. */
  unit: z.string().max(200).nullable(),
  /** When it must be done, epoch ms. */
  deadline: z.number().int().nullable(),
  /** The case the decision created or updated (its history holds the entry). */
  caseId: z.string().nullable(),
});
export type Decision = z.infer<typeof DecisionSchema>;

const PositionSchema = z.array(z.number()).min(2).max(3);
/** Annotations as GeoJSON: each feature's properties carry kind, colour, text, author and time. */
export const AnnotationFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.string().optional(),
  geometry: z.union([
    z.object({ type: z.literal('Point'), coordinates: PositionSchema }),
    z.object({ type: z.literal('LineString'), coordinates: z.array(PositionSchema) }),
    z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(PositionSchema)) }),
  ]),
  properties: z.record(z.string(), z.unknown()),
});

export const ConsultationSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  host: z.string(),
  startedAt: z.number().int(),
  endedAt: z.number().int().nullable(),
  pinned: z.array(PinnedItemSchema),
  decisions: z.array(DecisionSchema),
  annotations: z.object({ type: z.literal('FeatureCollection'), features: z.array(AnnotationFeatureSchema) }),
});
export type ConsultationSummary = z.infer<typeof ConsultationSummarySchema>;
