import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { CaseDetail, CaseStats, GridLeagueRow, OutboxStatus } from '@shared/domain/case';
import type { Incident } from '@shared/domain/incident';
import type { CaseAction, CaseRole } from '@shared/domain/lifecycle';
import { dutyDayStart } from '@shared/domain/duty-day';
import { api } from '../api/client';
import { useIncidentsStore } from './incidents';
import { useSettingsStore } from './settings';


/**
 * Case work in the renderer: the open case with its timeline, role-based actions, search, the
 * overdue list, counters, the grid league and the outbox. One ticking `now` drives every case clock.
 */
export const useCasesStore = defineStore('cases', () => {
  const settings = useSettingsStore();
  const incidents = useIncidentsStore();

  const now = ref(Date.now());
  const detail = ref<CaseDetail>();
  const busy = ref(false);
  const lastError = ref<string>();
  const searchText = ref('');
  const searchTotal = ref(0);
  const searchTotalIsLowerBound = ref(false);
  /** Incidents the full-text index has yet to take in (a rebuild in progress), or 0. */
  const searchIndexPending = ref(0);
  const searchHits = shallowRef<Incident[]>([]);
  const overdue = shallowRef<Incident[]>([]);
  const overdueTotal = ref(0);
  const stats = ref<CaseStats>();
  const league = shallowRef<GridLeagueRow[]>([]);
  const outbox = ref<OutboxStatus>({ backend: 'none', pending: 0, attention: [] });
  const escalations = shallowRef<Incident[]>([]);
  const escalationListeners = new Set<(items: Incident[]) => void>();

  const role = computed<CaseRole>(() => settings.settings.caseRole);
  const operatorName = computed(() => settings.settings.operatorName);

  let started = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;

  /** Subscribes once: escalations, outbox changes, and incident deltas that touch the open case. */
  async function start(): Promise<void> {
    if (started) return;
    started = true;
    timer = setInterval(() => (now.value = Date.now()), 1000);
    api.on('casesEscalated', ({ items }) => {
      escalations.value = [...items, ...escalations.value].slice(0, 50);
      for (const l of escalationListeners) l(items);
      refreshSoon();
    });
    api.on('outboxChanged', (s) => {
      outbox.value = s;
      if (detail.value) void open(detail.value.incident.id);
    });
    incidents.onDelta((changed) => {
      const id = detail.value?.incident.id;
      if (id && changed.some((i) => i.id === id)) void open(id);
      refreshSoon();
    });
    await refresh();
  }

  function stop(): void {
    clearInterval(timer);
  }

  /** Counters and lists follow the live stream, at most every 3 s. */
  function refreshSoon(): void {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      void refresh();
    }, 3000);
  }

  async function refresh(): Promise<void> {
    // Stats over the duty day (from 08:00 China time).
    const from = dutyDayStart(Date.now());
    const [s, l, o, box] = await Promise.all([
      api.caseStats({ from }),
      api.gridLeague({ from }),
      api.overdueCases({ limit: 200 }),
      api.outboxStatus(),
    ]);
    stats.value = s;
    league.value = l;
    overdue.value = o.items;
    overdueTotal.value = o.total;
    outbox.value = box;
  }

  async function open(id: string | undefined): Promise<void> {
    if (!id) {
      detail.value = undefined;
      return;
    }
    detail.value = await api.getCase({ id });
  }

  async function search(text: string): Promise<void> {
    searchText.value = text;
    if (!text.trim()) {
      searchHits.value = [];
      searchTotal.value = 0;
      return;
    }
    const r = await api.searchIncidents({ text, limit: 100 });
    if (searchText.value !== text) return; // a newer search is on its way
    searchHits.value = r.hits;
    searchTotal.value = r.total;
    searchTotalIsLowerBound.value = r.totalIsLowerBound ?? false;
    searchIndexPending.value = r.indexPending ?? 0;
  }

  /** Runs an action on the open case; the error message is kept for the view to show. */
  async function act(action: CaseAction, input: { unit?: string; note?: string } = {}): Promise<boolean> {
    const id = detail.value?.incident.id;
    if (!id) return false;
    busy.value = true;
    lastError.value = undefined;
    try {
      await api.caseAction({ id, action, ...input });
      await Promise.all([open(id), refresh()]);
      return true;
    } catch (err) {
      lastError.value = (err as Error).message;
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function resolve(entryId: number, resolution: 'retry' | 'discard'): Promise<void> {
    lastError.value = undefined;
    try {
      await api.resolveOutbox({ entryId, resolution });
    } catch (err) {
      lastError.value = (err as Error).message;
    }
    await refresh();
    if (detail.value) await open(detail.value.incident.id);
  }

  async function setRole(next: CaseRole): Promise<void> {
    await api.setSettings({ caseRole: next });
  }

  async function setOperatorName(name: string): Promise<void> {
    if (name.trim()) await api.setSettings({ operatorName: name.trim() });
  }

  function onEscalation(listener: (items: Incident[]) => void): () => void {
    escalationListeners.add(listener);
    return () => escalationListeners.delete(listener);
  }

  return {
    now,
    detail,
    busy,
    lastError,
    searchText,
    searchTotal,
    searchTotalIsLowerBound,
    searchIndexPending,
    searchHits,
    overdue,
    overdueTotal,
    stats,
    league,
    outbox,
    escalations,
    role,
    operatorName,
    start,
    stop,
    refresh,
    open,
    search,
    act,
    resolve,
    setRole,
    setOperatorName,
    onEscalation,
  };
});
