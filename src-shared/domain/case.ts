import { z } from 'zod';
import { IncidentSchema, StatusSchema } from './incident';
import { CaseActionSchema, CaseRoleSchema } from './lifecycle';

/**
 * What the case workflow records and serves: the history of a case (append-only), its escalations,
 * and the offline outbox of actions waiting for the backend.
 */

/** One entry of a case's history. Entries are appended, never changed or removed. */
export const CaseHistoryEntrySchema = z.object({
  id: z.number().int(),
  incidentId: z.string(),
  /** epoch ms */
  at: z.number().int(),
  /** Operator name, or `feed:<source>` when the backend reported the change. */
  actor: z.string(),
  /** The console role of the operator; null for changes reported by a feed. */
  role: CaseRoleSchema.nullable(),
  /**
   * The action taken; null for a change reported by a feed. `adoptBackend`: an operator discarded
   * a conflicting action and the backend's status was taken over. `openFromAlert`: an operator
   * opened this case from a CAP alert (alerts are not cases until someone does). `alertAck`: an
   * operator acknowledged the console's alert for this incident (the status stays).
   * `openFromSignal`: an analyst escalated a detection signal into this case. `assignVehicle`: an
   * operator assigned a vehicle (its name in `unit`, the estimate in `note`; the status stays).
   * `merge`: duplicates were merged into this case (the note names them; the status stays).
   * `consultationDecision`: a decision of a consultation (会商) opened this case or was recorded on
   * it (the note holds the decision, the unit the unit assigned; the status stays).
   */
  action: z
    .union([
      CaseActionSchema,
      z.literal('adoptBackend'),
      z.literal('openFromAlert'),
      z.literal('alertAck'),
      z.literal('openFromSignal'),
      z.literal('assignVehicle'),
      z.literal('merge'),
      z.literal('consultationDecision'),
    ])
    .nullable(),
  /** null when the case first appeared. */
  from: StatusSchema.nullable(),
  to: StatusSchema,
  unit: z.string().nullable(),
  note: z.string().nullable(),
  /** Where the change came from: an operator at this console, or the backend's feed. */
  origin: z.enum(['console', 'feed']),
});
export type CaseHistoryEntry = z.infer<typeof CaseHistoryEntrySchema>;

/** An overdue stage, raised once per stage of a case. */
export const EscalationSchema = z.object({
  incidentId: z.string(),
  stage: StatusSchema,
  stageEnteredAt: z.number().int(),
  dueAt: z.number().int(),
  escalatedAt: z.number().int(),
});
export type Escalation = z.infer<typeof EscalationSchema>;

export const OUTBOX_STATES = ['pending', 'sent', 'conflict', 'refused', 'discarded', 'local'] as const;

/** An action on its way to the backend. */
export const OutboxEntrySchema = z.object({
  id: z.number().int(),
  incidentId: z.string(),
  action: CaseActionSchema,
  /** The status the operator saw when acting: the backend refuses the action if its case moved on. */
  expectedStatus: StatusSchema,
  toStatus: StatusSchema,
  unit: z.string().nullable(),
  note: z.string().nullable(),
  actor: z.string(),
  role: CaseRoleSchema,
  createdAt: z.number().int(),
  /**
   * pending: waiting for the backend; sent: the backend accepted it; conflict: the backend's case
   * changed meanwhile (shown to the operator); refused: the backend refused it for another reason;
   * discarded: the operator dropped it after a conflict; local: no backend takes actions.
   */
  state: z.enum(OUTBOX_STATES),
  attempts: z.number().int(),
  /** The backend's status of the case when it reported a conflict. */
  backendStatus: StatusSchema.nullable(),
  lastError: z.string().nullable(),
});
export type OutboxEntry = z.infer<typeof OutboxEntrySchema>;

/** The outbox at a glance: whether the backend answers, what waits, what needs a decision. */
export const OutboxStatusSchema = z.object({
  backend: z.enum(['online', 'offline', 'none']),
  pending: z.number().int().nonnegative(),
  /** Conflicts and refusals, oldest first: each needs the operator's decision. */
  attention: z.array(OutboxEntrySchema),
});
export type OutboxStatus = z.infer<typeof OutboxStatusSchema>;

/** Everything the case view shows about one incident. */
export const CaseDetailSchema = z.object({
  incident: IncidentSchema,
  history: z.array(CaseHistoryEntrySchema),
  escalations: z.array(EscalationSchema),
  /** This case's actions that have not reached the backend yet, or need a decision. */
  outbox: z.array(OutboxEntrySchema),
  /** The payload the source sent, as received. */
  raw: z.unknown(),
});
export type CaseDetail = z.infer<typeof CaseDetailSchema>;

/** Counts and rates over a time range, computed by the store from SQL. */
export const CaseStatsSchema = z.object({
  from: z.number().nullable(),
  to: z.number().nullable(),
  total: z.number().int(),
  byCategory: z.record(z.string(), z.number().int()),
  byStatus: z.record(z.string(), z.number().int()),
  bySeverity: z.record(z.string(), z.number().int()),
  byGrid: z.record(z.string(), z.number().int()),
  /** Cases received (受理): everything except rejections and duplicates, as the city counts them. */
  accepted: z.number().int(),
  closed: z.number().int(),
  /** closed ÷ received (结案率), 0 when nothing was received. */
  closureRate: z.number(),
  /** Open cases whose current stage is past its limit now. */
  overdue: z.number().int(),
  /** Mean minutes spent in each stage, over the stages that ended in the range. */
  avgStageMinutes: z.record(z.string(), z.number()),
  /** Counts per time bucket (start of bucket, epoch ms), when a bucket was asked for. */
  series: z.array(z.object({ t: z.number(), n: z.number().int() })),
});
export type CaseStats = z.infer<typeof CaseStatsSchema>;

/** One row of the per-grid league table. */
export const GridLeagueRowSchema = z.object({
  gridId: z.string(),
  total: z.number().int(),
  accepted: z.number().int(),
  closed: z.number().int(),
  closureRate: z.number(),
  open: z.number().int(),
  overdue: z.number().int(),
});
export type GridLeagueRow = z.infer<typeof GridLeagueRowSchema>;
