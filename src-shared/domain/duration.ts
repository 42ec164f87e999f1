/**
 * Durations in words of the interface's language: "1 天 6 小时", "2 小时 5 分钟", "29 分钟" in
 * Chinese, "1 d 6 h", "2 h 5 min", "29 min" in English. Two units at most, the larger first; the
 * sign is the caller's ("剩余 …" / "超时 …").
 */

export type DurationLocale = 'zh-CN' | 'en';

const UNITS: Record<DurationLocale, { d: string; h: string; m: string }> = {
  'zh-CN': { d: '天', h: '小时', m: '分钟' },
  en: { d: 'd', h: 'h', m: 'min' },
};

/** A duration, whole minutes, in the words of `locale` (any locale other than English reads as Chinese). */
export function formatDuration(ms: number, locale: string): string {
  const u = UNITS[locale === 'en' ? 'en' : 'zh-CN'];
  const total = Math.floor(Math.abs(ms) / 60_000);
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = total % 60;
  if (d > 0) return h > 0 ? `${d} ${u.d} ${h} ${u.h}` : `${d} ${u.d}`;
  if (h > 0) return m > 0 ? `${h} ${u.h} ${m} ${u.m}` : `${h} ${u.h}`;
  return `${m} ${u.m}`;
}
