import { z } from 'zod';

/**
 * A signal: "this is unusual", as one detection method saw it over consecutive days. The record the
 * signals panel, the map layer and the command line share. A signal's `clusterKey` names what it is
 * about (method, category, grids) without its dates, so that a dismissed cluster can be recognised
 * when the same method raises it again.
 */

/** The methods, as the command line names them. */
export const DETECTION_METHODS = ['ears-c1', 'ears-c2', 'ears-c3', 'ewma', 'cusum', 'scan'] as const;
export const DetectionMethodSchema = z.enum(DETECTION_METHODS);
export type DetectionMethod = z.infer<typeof DetectionMethodSchema>;

/** The temporal methods (one series at a time). */
export const TEMPORAL_METHODS = ['ears-c1', 'ears-c2', 'ears-c3', 'ewma', 'cusum'] as const satisfies readonly DetectionMethod[];
export type TemporalMethod = (typeof TEMPORAL_METHODS)[number];

const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD');

/** What the analyst does with a signal; every action is kept with who, when and why. */
export const SignalStateSchema = z.enum(['open', 'acknowledged', 'dismissed', 'escalated']);
export type SignalState = z.infer<typeof SignalStateSchema>;

export const SignalSchema = z.object({
  /** Stable for the same cluster and start day: `method:category:grids|city:start`. */
  id: z.string().min(1),
  clusterKey: z.string().min(1),
  method: DetectionMethodSchema,
  category: z.string().min(1),
  /** Grid ids involved; empty when the series is the category city-wide. */
  grids: z.array(z.string()),
  /** First and last day (China Standard Time) the signal covers, inclusive. */
  start: DaySchema,
  end: DaySchema,
  /** Cases observed and expected over the signal's days (the scan: in its strongest cylinder). */
  observed: z.number().nonnegative(),
  expected: z.number().nonnegative(),
  /** How many days, on average, between chance signals this strong (null when the method has no p-value). */
  recurrenceDays: z.number().positive().nullable(),
  /** The smallest p-value of the signal's days, when the method has one. */
  pValue: z.number().min(0).max(1).nullable(),
  /** Days on which the method alarmed, ascending. */
  alarmDays: z.array(DaySchema).min(1),
});
export type Signal = z.infer<typeof SignalSchema>;

/** One recorded action on a signal (acknowledge, dismiss with a reason, escalate). */
export const SignalActionSchema = z.object({
  signalId: z.string().min(1),
  action: z.enum(['acknowledge', 'dismiss', 'escalate']),
  /** Who acted (the console's operator name). */
  actor: z.string().min(1).max(100),
  /** Why: required when dismissing. */
  reason: z.string().max(2000).default(''),
  at: z.number().int(),
});
export type SignalAction = z.infer<typeof SignalActionSchema>;

/** A signal with what has been done about it, as the panel lists it. */
export const SignalViewSchema = SignalSchema.extend({
  state: SignalStateSchema,
  history: z.array(SignalActionSchema),
  /** The case it was escalated into (its incident id), once it was. */
  caseId: z.string().nullable().optional(),
});
export type SignalView = z.infer<typeof SignalViewSchema>;

/** Requests of the future contract operations `cc:signals:list|acknowledge|dismiss`. */
export const SignalsListRequestSchema = z.object({
  from: DaySchema.optional(),
  to: DaySchema.optional(),
  states: z.array(SignalStateSchema).optional(),
});
export const SignalAcknowledgeRequestSchema = z.object({ signalId: z.string().min(1), actor: z.string().min(1).max(100) });
export const SignalDismissRequestSchema = z.object({
  signalId: z.string().min(1),
  actor: z.string().min(1).max(100),
  reason: z.string().trim().min(1, 'a dismissal needs a reason').max(2000),
});

/** Names a signal in the `cc:signals:*` operations (the operator's name comes from the settings). */
export const SignalRefSchema = z.object({ signalId: z.string().min(1).max(300) }).strict();
export const SignalDismissSchema = SignalRefSchema.extend({ reason: z.string().trim().min(1, 'a dismissal needs a reason').max(2000) }).strict();
export const SignalEscalateSchema = SignalRefSchema.extend({ reason: z.string().trim().max(2000).default('') }).strict();

/** What the panel lists: the current signals and when they were last computed. */
export const SignalsStateSchema = z.object({
  signals: z.array(SignalViewSchema),
  /** When the detection last ran (epoch ms), null before its first run. */
  computedAt: z.number().nullable(),
  /** How long that run took on the signal thread, ms. */
  runMs: z.number().nullable(),
});
export type SignalsState = z.infer<typeof SignalsStateSchema>;

/** One day of a signal's series: observed, the method's baseline and bound, and whether it alarmed. */
export const SignalSeriesPointSchema = z.object({
  date: DaySchema,
  observed: z.number().nonnegative(),
  expected: z.number().nullable(),
  upperbound: z.number().nullable(),
  alarm: z.boolean(),
});
export const SignalSeriesSchema = z.object({
  signalId: z.string(),
  /** What `expected` is: the method's own baseline, or (the scan) the mean of the 28 days before the signal. */
  baseline: z.enum(['method', 'mean28']),
  points: z.array(SignalSeriesPointSchema),
});
export type SignalSeries = z.infer<typeof SignalSeriesSchema>;

/** The key of a cluster, without dates: method, category and the sorted grids (or `city`). */
export function clusterKey(method: DetectionMethod, category: string, grids: readonly string[]): string {
  return `${method}:${category}:${grids.length ? [...grids].sort().join('+') : 'city'}`;
}

export { compareSignalStrength, isStrongSignal } from './strength';
