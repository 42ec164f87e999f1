/**
 * The triage queue (待处置): what waits for a duty officer's decision, one tab each.
 * - `register`: reported, not yet accepted as a case (受理立案 waits);
 * - `dispatch`: registered, not yet sent to a unit (派遣 waits);
 * - `rework`: sent back to the unit by a failed check (返工), being handled again;
 * - `overdue`: any open case past its stage limit.
 */
export const TRIAGE_TABS = ['register', 'dispatch', 'rework', 'overdue'] as const;
export type TriageTab = (typeof TRIAGE_TABS)[number];

/** Batch actions of the queue: each case goes through the case flow on its own. */
export const TRIAGE_BATCH_ACTIONS = ['acknowledge', 'dispatch'] as const;
export type TriageBatchAction = (typeof TRIAGE_BATCH_ACTIONS)[number];

/** How many cases one batch may carry (one confirmation, one request). */
export const TRIAGE_BATCH_MAX = 200;

/** The tab a batch action belongs to (the queue offers it there). */
export const TRIAGE_TAB_ACTIONS: Readonly<Record<TriageTab, readonly ('acknowledge' | 'dispatch' | 'merge')[]>> = {
  register: ['acknowledge', 'dispatch', 'merge'],
  dispatch: ['dispatch', 'merge'],
  rework: ['dispatch'],
  overdue: ['acknowledge', 'dispatch', 'merge'],
};
