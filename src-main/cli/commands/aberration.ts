import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TEMPORAL_RUNNERS } from '@shared/detect/prospective';
import { TEMPORAL_METHODS, type TemporalMethod } from '@shared/detect/signal';
import { dayFromNumber, dayNumber } from '@shared/detect/days';
import { CliUsageError, type CliCommand } from '../command';

const CountsFileSchema = z.array(z.object({ date: z.string(), count: z.number().int().nonnegative() }).strict()).min(1);

/**
 * A daily series from `[{"date","count"}]`: sorted by date; a day missing between two rows had no
 * events (0). Duplicate or malformed dates are refused.
 */
export function readCountsFile(path: string): { firstDay: string; counts: number[]; filled: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CliUsageError(`cannot read ${path}: ${(err as Error).message}`);
  }
  const result = CountsFileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new CliUsageError(`${path}: expected [{"date":"YYYY-MM-DD","count":N}, …]; at ${issue.path.join('.') || 'top'}: ${issue.message}`);
  }
  const byDay = new Map<number, number>();
  for (const row of result.data) {
    let n: number;
    try {
      n = dayNumber(row.date);
    } catch (err) {
      throw new CliUsageError(`${path}: ${(err as Error).message}`);
    }
    if (byDay.has(n)) throw new CliUsageError(`${path}: ${row.date} appears twice`);
    byDay.set(n, row.count);
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const first = days[0]!;
  const counts = Array.from({ length: days.at(-1)! - first + 1 }, (_, i) => byDay.get(first + i) ?? 0);
  return { firstDay: dayFromNumber(first), counts, filled: counts.length - byDay.size };
}

/** `aberration`: one temporal method over one daily series from a file. */
export const aberrationCommand: CliCommand = {
  name: 'aberration',
  summary: 'runs EARS C1/C2/C3, the ESSENCE EWMA or a Poisson CUSUM over a daily count series',
  usage: 'aberration --method ears-c1|ears-c2|ears-c3|ewma|cusum --input counts.json [--json]',
  options: { method: { type: 'string' }, input: { type: 'string' } },
  run(ctx, values) {
    const method = values.method as string | undefined;
    if (!method || !(TEMPORAL_METHODS as readonly string[]).includes(method)) throw new CliUsageError(`--method must be one of ${TEMPORAL_METHODS.join(', ')}`);
    const input = values.input as string | undefined;
    if (!input) throw new CliUsageError('--input counts.json is required');
    const { firstDay, counts, filled } = readCountsFile(input);
    if (filled) ctx.say(`${filled} missing day(s) between the first and last date counted as 0`);
    const base = dayNumber(firstDay);
    const points = TEMPORAL_RUNNERS[method as TemporalMethod](counts).flatMap((p) =>
      p ? [{ date: dayFromNumber(base + p.index), observed: p.observed, expected: p.expected, upperbound: p.upperbound, alarm: p.alarm }] : [],
    );
    if (!ctx.json) {
      ctx.say(`${method}: ${points.length} day(s) evaluated, ${points.filter((p) => p.alarm).length} alarm(s)`);
      for (const p of points.filter((x) => x.alarm)) ctx.say(`  ${p.date} observed ${p.observed}, expected ${p.expected.toFixed(2)}, bound ${p.upperbound?.toFixed(2) ?? '–'}`);
    }
    ctx.result({ method, points });
    return 0;
  },
};
