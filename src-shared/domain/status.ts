/**
 * Case status along digital city management's closed loop (GB/T 30428), plus the side exits.
 * The transition rules live with the case workflow (./lifecycle.ts); this is only the vocabulary,
 * apart from the incident schema so the renderer's shell loads no zod.
 */
export const STATUSES = [
  'reported',
  'registered',
  'dispatched',
  'handling',
  'feedback',
  'closed',
  'rejected',
  'duplicate',
  'cancelled',
] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses that end a case. */
export const TERMINAL_STATUSES: readonly Status[] = ['closed', 'rejected', 'duplicate', 'cancelled'];

/** Statuses in which a case is still being worked on (the case clock runs). */
export const OPEN_STATUSES: readonly Status[] = ['reported', 'registered', 'dispatched', 'handling', 'feedback'];
export const isOpen = (s: Status): boolean => OPEN_STATUSES.includes(s);
