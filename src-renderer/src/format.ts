import { categoryInfo } from '@shared/domain/categories';
import { dutyDayStart } from '@shared/domain/duty-day';
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

/** `标签：值` in Chinese, `Label: value` in English: a label is never run into its value. */
export function labelled(label: string, value: string | number, locale: string): string {
  return locale === 'en' ? `${label}: ${value}` : `${label}：${value}`;
}

/**
 * The duty day containing `now` as a person reads it, in China time: `11月28日 周六` /
 * `Sat, Nov 28` (the duty day itself is defined once, in @shared/domain/duty-day).
 */
export function dutyDayLabel(now: number, locale: string): string {
  return new Date(dutyDayStart(now)).toLocaleDateString(locale === 'en' ? 'en-US' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
  });
}
