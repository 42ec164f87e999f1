import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import { orderRows, type ListSort } from '@shared/map/list-order';
import { useDutyAlertsStore } from './duty-alerts';
import { useSituationStore } from './situation';

/**
 * The incident list's order, shared by the list and the keyboard's next/previous: newest first
 * or by severity then time (kept per screen), incidents with an unacknowledged alert on top.
 */
export const useIncidentListStore = defineStore('incidentList', () => {
  const situation = useSituationStore();
  const duty = useDutyAlertsStore();
  const sort = ref<ListSort>(localStorage.getItem('cc.incidentSort') === 'severity' ? 'severity' : 'time');
  watch(sort, (v) => localStorage.setItem('cc.incidentSort', v));
  const pinned = computed(() => new Set(duty.pending.flatMap((a) => (a.incidentId ? [a.incidentId] : []))));
  const ordered = computed(() => orderRows(situation.visible, sort.value, pinned.value));
  return { sort, pinned, ordered };
});
