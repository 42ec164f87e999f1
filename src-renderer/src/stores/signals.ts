import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Incident } from '@shared/domain/incident';
import { chinaDayStart } from '@shared/detect/days';
import type { SignalSeries, SignalsState, SignalView } from '@shared/detect/signal';
import { isStrongSignal } from '@shared/detect/strength';
import { api } from '../api/client';

const DAY_MS = 86_400_000;

/**
 * 研判信号: the current detection signals (strongest first), pushed by the host whenever they are
 * recomputed or someone acts on one; the selected signal's series and the incidents behind it.
 */
export const useSignalsStore = defineStore('signals', () => {
  const state = shallowRef<SignalsState>({ signals: [], computedAt: null, runMs: null });
  const selectedId = ref<string>();
  const series = shallowRef<SignalSeries>();
  const incidents = shallowRef<Incident[]>([]);
  const busy = ref(false);
  const error = ref<string>();

  const signals = computed(() => state.value.signals);
  const selected = computed(() => signals.value.find((s) => s.id === selectedId.value));
  /** Open signals strong enough to raise the console's alert. */
  const strongOpen = computed(() => signals.value.filter((s) => s.state === 'open' && isStrongSignal(s)));
  /** Grids the map outlines: every current signal's, the selected one's marked. */
  const outlined = computed(() => {
    const grids = new Map<string, { selected: boolean; strong: boolean }>();
    for (const s of signals.value) {
      for (const g of s.grids) {
        const prev = grids.get(g);
        grids.set(g, { selected: (prev?.selected ?? false) || s.id === selectedId.value, strong: (prev?.strong ?? false) || isStrongSignal(s) });
      }
    }
    return grids;
  });

  let unsubscribe: (() => void) | undefined;
  async function load(): Promise<void> {
    unsubscribe ??= api.on('signalsChanged', (s) => (state.value = s));
    state.value = await api.listSignals();
  }

  async function select(id: string | undefined): Promise<void> {
    selectedId.value = id;
    series.value = undefined;
    incidents.value = [];
    const s = selected.value;
    if (!s) return;
    const [curve, page] = await Promise.all([api.signalSeries({ signalId: s.id }), api.queryIncidents(incidentQuery(s))]);
    if (selectedId.value !== id) return;
    series.value = curve;
    incidents.value = page.items;
  }

  async function act(run: () => Promise<SignalView>): Promise<boolean> {
    busy.value = true;
    error.value = undefined;
    try {
      await run();
      return true;
    } catch (err) {
      error.value = (err as Error).message;
      return false;
    } finally {
      busy.value = false;
    }
  }

  const acknowledge = (signalId: string) => act(() => api.acknowledgeSignal({ signalId }));
  const dismiss = (signalId: string, reason: string) => act(() => api.dismissSignal({ signalId, reason }));
  const escalate = (signalId: string, reason: string) => act(() => api.escalateSignal({ signalId, reason }));

  return { state, signals, selectedId, selected, series, incidents, strongOpen, outlined, busy, error, load, select, acknowledge, dismiss, escalate };
});

/** The incidents behind a signal: its category, in its grids, over its days. */
function incidentQuery(s: SignalView): Parameters<typeof api.queryIncidents>[0] {
  return {
    categories: [s.category],
    ...(s.grids.length ? { gridIds: s.grids } : {}),
    from: chinaDayStart(s.start),
    to: chinaDayStart(s.end) + DAY_MS,
    limit: 200,
  };
}
