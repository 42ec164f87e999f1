import type { CategorySystem } from '@shared/domain/categories';
import { selectedSystem } from '../stores/analysis';

/** One active filter as the breadcrumb shows it, with what clears it. */
export interface FilterChip {
  id: string;
  kind: 'system' | 'category' | 'grid' | 'stage' | 'severity' | 'day';
  value: string;
}

/** The active filters, in the order they narrow: system or categories, grids, stages, severities, the day. */
export function filterChips(f: { categories: readonly string[]; gridIds: readonly string[]; statuses: readonly string[]; severities: readonly string[] }, day: { from: number; to: number } | null): FilterChip[] {
  const chips: FilterChip[] = [];
  const system: CategorySystem | undefined = f.categories.length > 1 ? selectedSystem(f.categories) : undefined;
  if (system) chips.push({ id: `system:${system}`, kind: 'system', value: system });
  else for (const c of f.categories) chips.push({ id: `category:${c}`, kind: 'category', value: c });
  for (const g of f.gridIds) chips.push({ id: `grid:${g}`, kind: 'grid', value: g });
  for (const s of f.statuses) chips.push({ id: `stage:${s}`, kind: 'stage', value: s });
  for (const s of f.severities) chips.push({ id: `severity:${s}`, kind: 'severity', value: s });
  if (day) chips.push({ id: 'day', kind: 'day', value: `${day.from}-${day.to}` });
  return chips;
}
