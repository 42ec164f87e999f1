import { dutyDayStart } from '@shared/domain/duty-day';

/**
 * The Analysis view's time ranges: presets resolved against "now" in the machine's zone (China
 * time in the centre), and the compare-with range. Ranges are epoch ms [from, to).
 */
export const RANGE_PRESETS = ['duty', 'today', '7d', '30d', 'month', 'year', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const COMPARE_CHOICES = ['none', 'previous', 'lastYear', 'custom'] as const;
export type CompareChoice = (typeof COMPARE_CHOICES)[number];

export interface Range {
  from: number;
  to: number;
}

const DAY = 86_400_000;
/** The duty day starts at 08:00: at 03:00 the night shift still belongs to yesterday's. */
export const DUTY_START_HOUR = 8;

/** The range a preset stands for at `now` (a custom preset keeps `custom`). */
export function presetRange(preset: RangePreset, now: number, custom?: Range): Range {
  const d = new Date(now);
  switch (preset) {
    // The duty day starts at 08:00 China time whatever the machine's zone (src-shared/domain/duty-day.ts),
    // as the header's duty date and the briefing count it.
    case 'duty':
      return { from: dutyDayStart(now), to: now };
    case 'today': {
      const start = new Date(d);
      start.setHours(0, 0, 0, 0);
      return { from: start.getTime(), to: now };
    }
    case '7d':
      return { from: now - 7 * DAY, to: now };
    case '30d':
      return { from: now - 30 * DAY, to: now };
    case 'month':
      return { from: new Date(d.getFullYear(), d.getMonth(), 1).getTime(), to: now };
    case 'year':
      return { from: new Date(d.getFullYear(), 0, 1).getTime(), to: now };
    case 'custom':
      return custom ?? { from: now - DAY, to: now };
  }
}

/** The range to compare with: the one just before, the same one a year earlier, or a custom one. */
export function compareRange(choice: CompareChoice, range: Range, custom?: Range): Range | undefined {
  if (choice === 'none') return undefined;
  if (choice === 'previous') return { from: range.from - (range.to - range.from), to: range.from };
  if (choice === 'lastYear') {
    const shift = (t: number): number => {
      const d = new Date(t);
      d.setFullYear(d.getFullYear() - 1);
      return d.getTime();
    };
    return { from: shift(range.from), to: shift(range.to) };
  }
  return custom;
}

/** The time bucket that suits a range's length for the line chart. */
export function bucketFor(range: Range): 'hour' | 'day' | 'week' | 'month' {
  const len = range.to - range.from;
  if (len <= 2 * DAY) return 'hour';
  if (len <= 92 * DAY) return 'day';
  if (len <= 366 * DAY) return 'week';
  return 'month';
}

/** The calendar heatmap shows a year of daily counts: the year ending with the range. */
export function calendarRange(range: Range): Range {
  const end = new Date(range.to);
  end.setHours(24, 0, 0, 0);
  const start = new Date(end);
  start.setFullYear(start.getFullYear() - 1);
  return { from: start.getTime(), to: end.getTime() };
}

/** A year (`2021`) or a month (`2021-07`) in local time. */
function period(text: string): Range | undefined {
  const m = /^(\d{4})(?:-(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (m[2] === undefined) return { from: new Date(year, 0, 1).getTime(), to: new Date(year + 1, 0, 1).getTime() };
  const month = Number(m[2]) - 1;
  if (month < 0 || month > 11) return undefined;
  return { from: new Date(year, month, 1).getTime(), to: new Date(year, month + 1, 1).getTime() };
}

/**
 * A range named in the view's address (`#/analysis/2021-07` for a month, `#/analysis/2021` for a
 * year, `#/analysis/2019-01..2021-07` from the start of one to the end of the other), so an
 * analysis can be linked and reopened; undefined for anything else.
 */
export function rangeFromParam(param: string | undefined): Range | undefined {
  const [a, b, ...rest] = (param ?? '').split('..');
  const first = period(a ?? '');
  if (!first || rest.length) return undefined;
  if (b === undefined) return first;
  const last = period(b);
  return last && last.to > first.from ? { from: first.from, to: last.to } : undefined;
}
