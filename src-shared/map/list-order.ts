import { severityRank, type Severity } from '../domain/severity';

/**
 * The order of the incident list: newest first, or by severity then time; incidents with an
 * unacknowledged alert pinned on top; and a held order while the person points at or works in the
 * list, so rows never move under the pointer or the keyboard focus.
 */

export const LIST_SORTS = ['time', 'severity'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

interface Row {
  id: string;
  severity: Severity;
  reportedAt: number;
}

/** Sorted copy of `items`: pinned ids first (in the same sort), then the rest. */
export function orderRows<T extends Row>(items: readonly T[], sort: ListSort, pinned: ReadonlySet<string> = new Set()): T[] {
  const byTime = (a: T, b: T): number => b.reportedAt - a.reportedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
  const cmp = sort === 'severity' ? (a: T, b: T): number => severityRank(a.severity) - severityRank(b.severity) || byTime(a, b) : byTime;
  return [...items].sort((a, b) => Number(pinned.has(b.id)) - Number(pinned.has(a.id)) || cmp(a, b));
}

/**
 * While held, the rows shown keep the order of `shownIds` (with their fresh data; rows that left
 * the picture drop out) and rows that arrived since are only counted (`fresh`, the "N new" chip).
 */
export function holdRows<T extends Row>(ordered: readonly T[], shownIds: readonly string[]): { rows: T[]; fresh: number } {
  const byId = new Map(ordered.map((r) => [r.id, r] as const));
  const rows: T[] = [];
  const kept = new Set<string>();
  for (const id of shownIds) {
    const r = byId.get(id);
    if (r) {
      rows.push(r);
      kept.add(id);
    }
  }
  return { rows, fresh: ordered.length - kept.size };
}
