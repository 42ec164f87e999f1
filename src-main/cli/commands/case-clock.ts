import { CLOCK_STAGES, type ClockStage, type StageLimit } from '@shared/domain/case-clock';
import { openCache } from '../open-cache';
import { IncidentStore } from '../../store/incident-store';
import { CliUsageError, type CliCommand } from '../command';

/** `CATEGORY:STAGE=MINUTES`, e.g. `cm.*:handling=720` or `em.fire:reported=3`. */
export function parseLimit(text: string): StageLimit {
  const m = /^(\*|[a-z]+\.\*|[a-z]+\.[a-z-]+):([a-z]+)=(\d+)$/.exec(text);
  if (!m || !(CLOCK_STAGES as readonly string[]).includes(m[2]!) || Number(m[3]) < 1) {
    throw new CliUsageError(`--set wants CATEGORY:STAGE=MINUTES with a stage of ${CLOCK_STAGES.join(', ')}, got "${text}"`);
  }
  return { category: m[1]!, stage: m[2] as ClockStage, minutes: Number(m[3]) };
}

/** `case-clock [--set CATEGORY:STAGE=MINUTES …]`: the case clock's stage limits, shown or changed. */
export const caseClockCommand: CliCommand = {
  name: 'case-clock',
  summary: "show or set the case clock's stage limits per category (a running console picks them up on restart)",
  usage: 'case-clock [--set CATEGORY:STAGE=MINUTES]... [--data-dir DIR] [--json]',
  options: { set: { type: 'string', multiple: true } },
  run(ctx, values) {
    const sets = ((values.set as string[] | undefined) ?? []).map(parseLimit);
    const db = openCache(ctx);
    try {
      const store = new IncidentStore(db);
      const limits = sets.length ? store.setLimits(sets) : store.limits;
      const rows = limits.rows().sort((a, b) => a.category.localeCompare(b.category) || CLOCK_STAGES.indexOf(a.stage) - CLOCK_STAGES.indexOf(b.stage));
      if (!ctx.json) for (const r of rows) ctx.say(`${r.category.padEnd(24)} ${r.stage.padEnd(11)} ${r.minutes} min`);
      ctx.result({ limits: rows });
      return 0;
    } finally {
      db.close();
    }
  },
};
