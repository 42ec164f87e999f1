import { defineStore } from 'pinia';
import { computed, ref, shallowRef, triggerRef } from 'vue';
import type { IncidentDelta } from '@shared/contract';
import type { Incident, Severity } from '@shared/domain/incident';
import { api } from '../api/client';

/** How many incidents the live list keeps in memory; older ones stay in the cache and are queried on demand. */
const LIVE_WINDOW = 5000;

/**
 * The live incident picture: newest first, updated by batched deltas from the host.
 * Listeners (the map) get each delta so they can update in place.
 */
export const useIncidentsStore = defineStore('incidents', () => {
  const items = shallowRef<Incident[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const selectedId = ref<string>();
  const selectedDetail = ref<Incident>();
  const lastDeltaAt = ref(0);
  const deltaListeners = new Set<(changed: Incident[]) => void>();
  let unsubscribe: (() => void) | undefined;

  const selected = computed(() => selectedDetail.value);

  const severityCounts = computed(() => {
    const counts: Record<Severity, number> = { red: 0, orange: 0, yellow: 0, blue: 0 };
    for (const i of items.value) counts[i.severity] += 1;
    return counts;
  });

  async function load(): Promise<void> {
    loading.value = true;
    try {
      unsubscribe ??= api.on('incidentsChanged', applyDelta);
      const page = await api.queryIncidents({ limit: LIVE_WINDOW });
      items.value = page.items;
      total.value = page.total;
    } finally {
      loading.value = false;
    }
  }

  function applyDelta(delta: IncidentDelta): void {
    const byId = new Map(items.value.map((i) => [i.id, i] as const));
    for (const i of delta.upserted) byId.set(i.id, i);
    items.value = [...byId.values()].sort((a, b) => b.reportedAt - a.reportedAt || (a.id < b.id ? 1 : -1)).slice(0, LIVE_WINDOW);
    triggerRef(items);
    total.value = delta.total;
    lastDeltaAt.value = Date.now();
    const sel = selectedId.value ? delta.upserted.find((i) => i.id === selectedId.value) : undefined;
    if (sel) selectedDetail.value = sel;
    for (const l of deltaListeners) l(delta.upserted);
  }

  async function select(id: string | undefined): Promise<void> {
    selectedId.value = id;
    if (!id) {
      selectedDetail.value = undefined;
      return;
    }
    selectedDetail.value = items.value.find((i) => i.id === id) ?? (await api.getIncident({ id }));
  }

  function onDelta(listener: (changed: Incident[]) => void): () => void {
    deltaListeners.add(listener);
    return () => deltaListeners.delete(listener);
  }

  return { items, total, loading, selectedId, selected, severityCounts, lastDeltaAt, load, select, onDelta, applyDelta };
});
