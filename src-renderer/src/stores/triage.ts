import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { Incident } from '@shared/domain/incident';
import { TRIAGE_BATCH_MAX, TRIAGE_TAB_ACTIONS, TRIAGE_TABS, type TriageTab } from '@shared/domain/triage';
import { api } from '../api/client';
import { useCasesStore } from './cases';
import { useIncidentsStore } from './incidents';

/** A batch action of the queue, waiting for its one confirmation. */
export type TriageAction = 'acknowledge' | 'dispatch' | 'merge';

/** What the last batch did: how many were done and which the case flow refused, with why. */
export interface TriageOutcome {
  action: TriageAction;
  done: number;
  refused: { id: string; message: string }[];
}

const zeroCounts = (): Record<TriageTab, number> => ({ register: 0, dispatch: 0, rework: 0, overdue: 0 });

/**
 * The triage queue (待处置): the four tabs with their live counts, the current tab's cases, the
 * selection, and batch actions (accept, dispatch to a unit, merge duplicates) that wait for one
 * confirmation and then go through the case flow on the host, one case at a time.
 */
export const useTriageStore = defineStore('triage', () => {
  const incidents = useIncidentsStore();
  const tab = ref<TriageTab>('register');
  const counts = ref<Record<TriageTab, number>>(zeroCounts());
  const items = shallowRef<Incident[]>([]);
  const total = ref(0);
  const selected = ref<string[]>([]);
  /** The action shown in the confirmation, or null. */
  const confirming = ref<TriageAction | null>(null);
  const busy = ref(false);
  const outcome = ref<TriageOutcome>();
  const lastError = ref<string>();

  const offered = computed(() => TRIAGE_TAB_ACTIONS[tab.value]);
  const selectedItems = computed(() => items.value.filter((i) => selected.value.includes(i.id)));

  let started = false;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  /** Subscribes once: the counts and the list follow the live stream (at most once a second). */
  async function start(): Promise<void> {
    if (started) return;
    started = true;
    incidents.onDelta(() => refreshSoon());
    await refresh();
  }

  function refreshSoon(): void {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      void refresh();
    }, 1000);
  }

  async function refresh(): Promise<void> {
    const asked = tab.value;
    const page = await api.triageQueue({ tab: asked, limit: TRIAGE_BATCH_MAX });
    if (asked !== tab.value) return; // the tab changed meanwhile; its own answer is on the way
    counts.value = page.counts;
    items.value = page.items;
    total.value = page.total;
    // A selected case that left the tab (done elsewhere) is no longer selected.
    const here = new Set(page.items.map((i) => i.id));
    if (selected.value.some((id) => !here.has(id))) selected.value = selected.value.filter((id) => here.has(id));
  }

  async function setTab(next: TriageTab): Promise<void> {
    if (next === tab.value) return;
    tab.value = next;
    selected.value = [];
    confirming.value = null;
    items.value = [];
    await refresh();
  }

  /** The next tab (keyboard), wrapping around. */
  function cycleTab(): Promise<void> {
    return setTab(TRIAGE_TABS[(TRIAGE_TABS.indexOf(tab.value) + 1) % TRIAGE_TABS.length]!);
  }

  function toggle(id: string): void {
    selected.value = selected.value.includes(id) ? selected.value.filter((x) => x !== id) : [...selected.value, id];
  }

  function selectAll(): void {
    selected.value = selected.value.length === items.value.length ? [] : items.value.map((i) => i.id);
  }

  /** Asks for the confirmation of an action on the selection (merge needs two cases or more). */
  function request(action: TriageAction): boolean {
    if (!offered.value.includes(action) || selected.value.length === 0) return false;
    if (action === 'merge' && selected.value.length < 2) return false;
    outcome.value = undefined;
    lastError.value = undefined;
    confirming.value = action;
    return true;
  }

  /**
   * Runs the confirmed action. `unit` for dispatch; `keepId` for merge (the case kept, the other
   * selected cases are merged into it).
   */
  async function confirm(input: { unit?: string; keepId?: string } = {}): Promise<boolean> {
    const action = confirming.value;
    if (!action || busy.value) return false;
    busy.value = true;
    lastError.value = undefined;
    try {
      if (action === 'merge') {
        const keepId = input.keepId ?? selected.value[0]!;
        const r = await api.mergeCases({ keepId, duplicateIds: selected.value.filter((id) => id !== keepId) });
        outcome.value = { action, done: r.merged.length, refused: [] };
      } else {
        const r = await api.triageBatch({ ids: [...selected.value], action, ...(action === 'dispatch' ? { unit: input.unit } : {}) });
        outcome.value = { action, done: r.done.length, refused: r.refused.map(({ id, message }) => ({ id, message })) };
      }
      confirming.value = null;
      selected.value = [];
      await refresh();
      void useCasesStore().refresh();
      return true;
    } catch (err) {
      lastError.value = (err as Error).message;
      return false;
    } finally {
      busy.value = false;
    }
  }

  function cancel(): void {
    confirming.value = null;
  }

  return {
    tab,
    counts,
    items,
    total,
    selected,
    selectedItems,
    offered,
    confirming,
    busy,
    outcome,
    lastError,
    start,
    refresh,
    setTab,
    cycleTab,
    toggle,
    selectAll,
    request,
    confirm,
    cancel,
  };
});
