import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Alert } from '@shared/domain/alert';
import { api } from '../api/client';

/** CAP alerts in force (worst first), pushed by the host whenever the list changes. */
export const useAlertsStore = defineStore('alerts', () => {
  const alerts = ref<Alert[]>([]);

  /** The worst colour in force, or undefined when there are none. */
  const worst = computed(() => alerts.value[0]?.severity);

  let unsubscribe: (() => void) | undefined;
  async function load(): Promise<void> {
    unsubscribe ??= api.on('alertsChanged', (list) => (alerts.value = list));
    alerts.value = await api.listAlerts();
  }

  /** Opens a case from an alert (an officer's decision, kept in the case history); returns its id. */
  async function openCase(a: Alert): Promise<string> {
    const incident = await api.openCaseFromAlert({ sender: a.sender, identifier: a.identifier });
    return incident.id;
  }

  return { alerts, worst, load, openCase };
});
