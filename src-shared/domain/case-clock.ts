import { categorySystem } from './categories';
import type { Status } from './incident';
import { isOpen } from './status';

/**
 * The case clock: every open stage of a case has a time limit (处置时限). Limits are minutes per
 * (category, stage); a category without its own limit uses its system's (`gg.*`, `cm.*`, `em.*`),
 * then the default (`*`). A case whose current stage has run past its limit is overdue.
 */
export type ClockStage = Extract<Status, 'reported' | 'registered' | 'dispatched' | 'handling' | 'feedback'>;
export const CLOCK_STAGES: readonly ClockStage[] = ['reported', 'registered', 'dispatched', 'handling', 'feedback'];

/** A limit row: `category` is a code, a system wildcard (`em.*`) or `*`. */
export interface StageLimit {
  category: string;
  stage: ClockStage;
  minutes: number;
}

/**
 * Built-in limits. Emergencies move in minutes; city-management cases follow the usual digital
 * city management limits (register within 30 min, dispatch within 30 min, handle within a day);
 * grid-governance disputes get two days to handle.
 */
export const DEFAULT_STAGE_LIMITS: readonly StageLimit[] = [
  { category: '*', stage: 'reported', minutes: 30 },
  { category: '*', stage: 'registered', minutes: 30 },
  { category: '*', stage: 'dispatched', minutes: 60 },
  { category: '*', stage: 'handling', minutes: 48 * 60 },
  { category: '*', stage: 'feedback', minutes: 4 * 60 },
  { category: 'cm.*', stage: 'handling', minutes: 24 * 60 },
  { category: 'em.*', stage: 'reported', minutes: 5 },
  { category: 'em.*', stage: 'registered', minutes: 10 },
  { category: 'em.*', stage: 'dispatched', minutes: 15 },
  { category: 'em.*', stage: 'handling', minutes: 4 * 60 },
  { category: 'em.*', stage: 'feedback', minutes: 60 },
];

/** Looks limits up by specificity: exact code, then `<system>.*`, then `*`. */
export class StageLimits {
  private readonly byKey = new Map<string, number>();

  constructor(rows: readonly StageLimit[] = DEFAULT_STAGE_LIMITS) {
    for (const r of DEFAULT_STAGE_LIMITS) this.byKey.set(`${r.category}|${r.stage}`, r.minutes);
    for (const r of rows) this.byKey.set(`${r.category}|${r.stage}`, r.minutes);
  }

  /** Minutes allowed for `stage` of a case in `category`. */
  minutes(category: string, stage: ClockStage): number {
    const system = categorySystem(category);
    return (
      this.byKey.get(`${category}|${stage}`) ??
      (system ? this.byKey.get(`${system}.*|${stage}`) : undefined) ??
      this.byKey.get(`*|${stage}`)!
    );
  }

  /** When the current stage is due, or null when the status has no clock (an ended case). */
  dueAt(category: string, status: Status, stageEnteredAt: number): number | null {
    if (!isOpen(status)) return null;
    return stageEnteredAt + this.minutes(category, status as ClockStage) * 60_000;
  }

  rows(): StageLimit[] {
    return [...this.byKey].map(([k, minutes]) => {
      const [category, stage] = k.split('|') as [string, ClockStage];
      return { category, stage, minutes };
    });
  }
}

export interface ClockReading {
  /** Milliseconds left; negative when overdue. */
  remainingMs: number;
  overdue: boolean;
  /** Share of the limit used, 0…1+ (for a progress bar). */
  used: number;
}

/** Reads a stage clock at `now`. */
export function readClock(stageEnteredAt: number, dueAt: number, now: number): ClockReading {
  const remainingMs = dueAt - now;
  const span = Math.max(1, dueAt - stageEnteredAt);
  return { remainingMs, overdue: remainingMs < 0, used: (now - stageEnteredAt) / span };
}
