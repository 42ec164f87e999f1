import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Severity, Status } from '@shared/domain/incident';
import { WINDOW_PRESETS, type SituationFilter, type WindowPreset } from '@shared/map/situation';

export type WindowChoice = WindowPreset | 'all' | 'custom';

/**
 * The one filter of the situation view: category, severity, status, grid and time window. The
 * map, the list and the counters all read it (through the situation store), so they never disagree.
 */
export const useSituationFilterStore = defineStore('situationFilter', () => {
  const categories = ref<string[]>([]);
  const severities = ref<Severity[]>([]);
  const statuses = ref<Status[]>([]);
  const gridIds = ref<string[]>([]);
  /**
   * The grid under the pointer in a chart (the Analysis view's grid ranking): outlined on the map
   * while it is there, not a filter.
   */
  const hoverGridId = ref<string | null>(null);
  const window = ref<WindowChoice>('24h');
  /** The custom window, epoch ms [from, to). */
  const custom = ref<[number, number]>([Date.now() - 86_400_000, Date.now()]);

  /** Empty selections mean "any". */
  const filter = computed<SituationFilter>(() => ({
    categories: categories.value.length ? [...categories.value] : null,
    severities: severities.value.length ? [...severities.value] : null,
    statuses: statuses.value.length ? [...statuses.value] : null,
    gridIds: gridIds.value.length ? [...gridIds.value] : null,
  }));

  const active = computed(() => categories.value.length + severities.value.length + statuses.value.length + gridIds.value.length > 0);

  /** The time window ending at `clock` (custom windows are absolute). */
  function windowAt(clock: number): { from: number; to: number } {
    if (window.value === 'all') return { from: 0, to: Number.MAX_SAFE_INTEGER };
    if (window.value === 'custom') return { from: custom.value[0], to: custom.value[1] };
    return { from: clock - WINDOW_PRESETS[window.value], to: Number.MAX_SAFE_INTEGER };
  }

  function toggleSeverity(s: Severity): void {
    severities.value = severities.value.includes(s) ? severities.value.filter((x) => x !== s) : [...severities.value, s];
  }

  function reset(): void {
    categories.value = [];
    severities.value = [];
    statuses.value = [];
    gridIds.value = [];
  }

  return { categories, severities, statuses, gridIds, hoverGridId, window, custom, filter, active, windowAt, toggleSeverity, reset };
});
