import { openCache } from '../open-cache';
import { StatsStore } from '../../store/stats-store';
import { CliUsageError, type CliCommand } from '../command';

/** An ISO 8601 time flag as epoch ms, or undefined; a usage error on garbage. */
export function timeFlag(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(String(value));
  if (!Number.isFinite(t)) throw new CliUsageError(`--${name} must be an ISO 8601 time, got "${String(value)}"`);
  return t;
}

/** `stats`: counts by category and status, closure rate, overdue and stage times, from SQL. */
export const statsCommand: CliCommand = {
  name: 'stats',
  summary: 'counts by category, status, severity and grid; closure rate; overdue; stage times',
  usage: 'stats [--from ISO] [--to ISO] [--bucket hour|day|week] [--data-dir DIR] [--json]',
  options: { from: { type: 'string' }, to: { type: 'string' }, bucket: { type: 'string' } },
  run(ctx, values) {
    const from = timeFlag(values.from, 'from');
    const to = timeFlag(values.to, 'to');
    const bucket = values.bucket as string | undefined;
    if (bucket !== undefined && !['hour', 'day', 'week'].includes(bucket)) throw new CliUsageError('--bucket must be hour, day or week');
    const db = openCache(ctx);
    try {
      let stats;
      try {
        stats = new StatsStore(db).stats({ from, to, bucket: bucket as 'hour' | 'day' | 'week' | undefined }, Date.now());
      } catch (err) {
        if (err instanceof RangeError) throw new CliUsageError(err.message);
        throw err;
      }
      if (!ctx.json) {
        ctx.say(`incidents ${stats.total}, accepted ${stats.accepted}, closed ${stats.closed}, closure rate ${(stats.closureRate * 100).toFixed(2)}%, overdue ${stats.overdue}`);
      }
      ctx.result(stats);
      return 0;
    } finally {
      db.close();
    }
  },
};
