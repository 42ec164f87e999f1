/** Figures as the city writes them: counts with thousands separators, rates as percentages with two decimals. */
export const formatCount = (n: number): string => n.toLocaleString('en-US');
export const formatRate = (r: number): string => `${(r * 100).toFixed(2)}%`;

const pad = (n: number): string => String(n).padStart(2, '0');
/** `YYYY-MM-DD HH:mm`, local time. */
export function formatMinute(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
export const formatRange = (r: { from: number; to: number }): string => `${formatMinute(r.from)} — ${formatMinute(r.to)}`;
