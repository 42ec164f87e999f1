import { DETECTION_METHODS } from '@shared/detect/signal';
import { chinaDay, dayNumber } from '@shared/detect/days';
import { openDatabase } from '../../store/database';
import { detectSignals } from '../../detect/detect-run';
import { CliUsageError, type CliCommand } from '../command';

function dayFlag(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    try {
      dayNumber(text);
      return text;
    } catch {
      // fall through to the error below
    }
  }
  const t = Date.parse(text);
  if (!Number.isFinite(t)) throw new CliUsageError(`--${name} must be an ISO 8601 day or time, got "${text}"`);
  return chinaDay(t);
}

/** `signals`: every method run prospectively over the cache, day by day, as it would have run live. */
export const signalsCommand: CliCommand = {
  name: 'signals',
  summary: 'runs every detection method over the cache day by day and lists the signals',
  usage: 'signals [--from ISO] [--to ISO] [--data-dir DIR] [--json]',
  options: { from: { type: 'string' }, to: { type: 'string' } },
  run(ctx, values) {
    const fromFlag = dayFlag(values.from, 'from');
    const toFlag = dayFlag(values.to, 'to');
    if (fromFlag && toFlag && dayNumber(toFlag) < dayNumber(fromFlag)) throw new CliUsageError('--to is before --from');
    const db = openDatabase(ctx.dataDir);
    try {
      const run = detectSignals(db, fromFlag, toFlag);
      if (!run) {
        ctx.say('the cache holds no incidents');
        ctx.result({ signals: [] });
        return 0;
      }
      const { from, to, signals } = run;
      if (!ctx.json) {
        ctx.say(`${from} … ${to}: ${signals.length} signal(s)`);
        for (const m of DETECTION_METHODS) ctx.say(`  ${m}: ${signals.filter((s) => s.method === m).length}`);
      }
      ctx.result({ from, to, signals });
      return 0;
    } finally {
      db.close();
    }
  },
};
