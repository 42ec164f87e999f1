import { categoryInfo } from '@shared/domain/categories';
import { gridInfo } from '@shared/geo/grids';

/** Display helpers: every label comes from domain data or i18n, never from raw codes. */
export function categoryLabel(code: string, locale: string): string {
  const c = categoryInfo(code);
  if (!c) return code;
  return locale === 'en' ? c.en : c.zh;
}

export function gridLabel(id: string | null, locale: string): string | undefined {
  if (!id) return undefined;
  const g = gridInfo(id);
  if (!g) return id;
  return locale === 'en' ? g.en : g.zh;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `HH:mm` today, `MM-DD HH:mm` otherwise (China Standard Time is the machine's zone in the centre). */
export function shortTime(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const n = new Date(now);
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return d.toDateString() === n.toDateString() ? hm : `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hm}`;
}

export function fullTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * The duty date: a shift day runs from 08:00 to 08:00, so at 03:00 the night shift still belongs
 * to yesterday's duty.
 */
export function dutyDate(now: Date, shiftStartHour = 8): Date {
  const d = new Date(now);
  if (d.getHours() < shiftStartHour) d.setDate(d.getDate() - 1);
  d.setHours(0, 0, 0, 0);
  return d;
}
