import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { Alert } from '@shared/domain/alert';
import { capRaisesAlert, escalationDue, incidentRaisesAlert } from '@shared/domain/alerting';
import type { Incident } from '@shared/domain/incident';
import { severityRank, type Severity } from '@shared/domain/severity';
import type { RuleFiring } from '@shared/rules/escalation-rules';
import { firingKey } from '@shared/rules/firing-key';
import { api } from '../api/client';
import { useAlertsStore } from './alerts';
import { useIncidentsStore } from './incidents';
import { useSettingsStore } from './settings';

/** One alert the duty officer has to acknowledge. */
export interface DutyAlert {
  /** `incident:<id>`, `cap:<sender>,<identifier>` or `rule:<rule>@<grid>:<time>`. */
  key: string;
  kind: 'incident' | 'cap' | 'rule';
  /** The incident (kind incident). */
  incidentId?: string;
  /** The grid and the count (kind rule). */
  gridId?: string | null;
  count?: number;
  /** The incidents a rule counted, newest first (kind rule). */
  incidentIds?: string[];
  level: Severity;
  title: string;
  /** Who an escalation rule notifies (kind rule). */
  notify?: string[];
  /** When this console raised it (epoch ms). */
  raisedAt: number;
  /** Escalated to the leader role (an unacknowledged red alert past its minutes). */
  escalated: boolean;
}

/**
 * Alerts that can't be missed: new incidents and CAP warnings at or above the configured level,
 * until an operator acknowledges them. Acknowledging an incident's alert is recorded in its history
 * (`acknowledgeAlert`). The alert bar, the header's flash and the sound read this store.
 */
export const useDutyAlertsStore = defineStore('dutyAlerts', () => {
  const settings = useSettingsStore();
  const incidents = useIncidentsStore();
  const capAlerts = useAlertsStore();

  const pending = ref<DutyAlert[]>([]);
  /** Grows by one for every alert raised: the sound plays on each step. */
  const raisedCount = ref(0);
  const now = ref(Date.now());
  const escalationListeners = new Set<(a: DutyAlert) => void>();
  const seen = new Set<string>();
  let started = false;
  let timer: ReturnType<typeof setInterval> | undefined;

  /** Worst first, then oldest first (the one waiting longest). */
  const ordered = computed(() => [...pending.value].sort((a, b) => severityRank(a.level) - severityRank(b.level) || a.raisedAt - b.raisedAt));
  /** The colour the header flashes in, while anything is unacknowledged. */
  const flashLevel = computed<Severity | undefined>(() => ordered.value[0]?.level);
  /** Whether the sound repeats (an unacknowledged red alert). */
  const repeating = computed(() => pending.value.some((a) => a.level === 'red'));

  function raise(a: Omit<DutyAlert, 'raisedAt' | 'escalated'>): void {
    if (seen.has(a.key)) return;
    seen.add(a.key);
    pending.value = [...pending.value, { ...a, raisedAt: Date.now(), escalated: false }];
    raisedCount.value += 1;
  }

  function fromIncidents(changed: Incident[]): void {
    const at = Date.now();
    for (const i of changed) {
      const key = `incident:${i.id}`;
      if (seen.has(key)) continue;
      if (incidentRaisesAlert(i, settings.settings.alertLevel, at)) raise({ key, kind: 'incident', incidentId: i.id, level: i.severity, title: i.title });
      else seen.add(key); // seen once below the level: a later update is not news
    }
  }

  function fromCap(list: Alert[]): void {
    for (const a of list) {
      if (!capRaisesAlert(a, settings.settings.alertLevel)) continue;
      raise({ key: `cap:${a.sender},${a.identifier}`, kind: 'cap', level: a.severity, title: a.infos[0]?.headline || a.infos[0]?.event || a.identifier });
    }
  }

  /** An escalation rule fired on the host (its level, its grid and who it notifies). */
  function fromRule(f: RuleFiring): void {
    raise({ key: `rule:${firingKey(f.ruleId, f.gridId)}:${f.at}`, kind: 'rule', level: f.level, title: f.ruleName, gridId: f.gridId, count: f.count, notify: f.notify, incidentIds: f.incidentIds });
  }

  function tick(): void {
    now.value = Date.now();
    for (const a of pending.value) {
      if (a.escalated || !escalationDue(a.level, a.raisedAt, now.value, settings.settings.alertEscalateMinutes)) continue;
      a.escalated = true;
      for (const l of escalationListeners) l(a);
    }
  }

  /** Starts watching arrivals; what is already on screen (and the CAP warnings in force) raises nothing. */
  function start(): void {
    if (started) return;
    started = true;
    for (const i of incidents.items) seen.add(`incident:${i.id}`);
    for (const a of capAlerts.alerts) seen.add(`cap:${a.sender},${a.identifier}`);
    incidents.onDelta(fromIncidents);
    // Acknowledged on another screen (or this one): off every screen's bar, silenced everywhere.
    api.on('alertAcknowledged', ({ incidentId }) => {
      seen.add(`incident:${incidentId}`);
      pending.value = pending.value.filter((p) => p.incidentId !== incidentId);
    });
    watch(() => capAlerts.alerts, fromCap);
    api.on('ruleFired', fromRule);
    timer = setInterval(tick, 1000);
  }

  /** Acknowledges one alert; an incident's acknowledgement is recorded in its history by the host. */
  async function acknowledge(key: string): Promise<void> {
    const a = pending.value.find((p) => p.key === key);
    if (!a) return;
    if (a.incidentId) await api.acknowledgeAlert({ incidentId: a.incidentId });
    pending.value = pending.value.filter((p) => p.key !== key);
  }

  /** Acknowledges the alert at the top of the bar (the keyboard's acknowledge). */
  async function acknowledgeFirst(): Promise<void> {
    const first = ordered.value[0];
    if (first) await acknowledge(first.key);
  }

  async function acknowledgeAll(): Promise<void> {
    for (const a of ordered.value) await acknowledge(a.key);
  }

  function onEscalation(listener: (a: DutyAlert) => void): () => void {
    escalationListeners.add(listener);
    return () => escalationListeners.delete(listener);
  }

  function stop(): void {
    clearInterval(timer);
  }

  return { pending, ordered, flashLevel, repeating, raisedCount, now, start, stop, acknowledge, acknowledgeFirst, acknowledgeAll, onEscalation, tick, fromIncidents, fromRule };
});
