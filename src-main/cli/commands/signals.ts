import { LOUDI_GRIDS } from '@shared/geo/grids';
import { zonesByDistance } from '@shared/detect/scan';
import { DEFAULT_SCAN_SETTINGS, mergeAlarms, scanAlarms, temporalAlarms, type DayAlarm } from '@shared/detect/prospective';
import { DETECTION_METHODS, TEMPORAL_METHODS } from '@shared/detect/signal';
import { chinaDay, dayFromNumber, dayNumber } from '@shared/detect/days';
import { openDatabase } from '../../store/database';
import { cacheDayRange, readCountCube } from '../../detect/count-cube';
import { CliUsageError, type CliCommand } from '../command';

/** Days of history before the first analysed day, so that every method has its baseline. */
const WARMUP_DAYS = Math.max(40, DEFAULT_SCAN_SETTINGS.studyDays + 1);

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
    const db = openDatabase(ctx.dataDir);
    try {
      const range = cacheDayRange(db);
      if (!range) {
        ctx.say('the cache holds no incidents');
        ctx.result({ signals: [] });
        return 0;
      }
      const from = fromFlag ?? range.first;
      const to = toFlag ?? range.last;
      if (dayNumber(to) < dayNumber(from)) throw new CliUsageError('--to is before --from');
      const firstDay = dayFromNumber(dayNumber(from) - WARMUP_DAYS);
      const cube = readCountCube(db, firstDay, to);
      const zones = zonesByDistance(LOUDI_GRIDS.map((g) => g.center));
      const first = WARMUP_DAYS;
      const last = cube.days - 1;
      const alarms: DayAlarm[] = [];
      for (const method of TEMPORAL_METHODS) alarms.push(...temporalAlarms(cube, method, first, last));
      alarms.push(...scanAlarms(cube, zones, first, last));
      const signals = mergeAlarms(alarms, cube.firstDay);
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
