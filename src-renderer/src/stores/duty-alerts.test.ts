import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '@shared/contract';
import type { Alert } from '@shared/domain/alert';
import type { Incident, Severity } from '@shared/domain/incident';

/** A host that records acknowledgements and can push incident deltas. */
const host = vi.hoisted(() => {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const acks: unknown[] = [];
  const api = {
    on: (event: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    queryIncidents: async () => ({ items: [], total: 0 }),
    listAlerts: async () => [],
    acknowledgeAlert: async (req: unknown) => {
      acks.push(req);
      return {};
    },
  };
  return { api, acks, emit: (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload)) };
});
vi.mock('../api/client', () => ({ api: host.api }));
vi.mock('../i18n', () => ({ setLocale: () => undefined }));

const { useDutyAlertsStore } = await import('./duty-alerts');
const { useIncidentsStore } = await import('./incidents');
const { useAlertsStore } = await import('./alerts');
const { useSettingsStore } = await import('./settings');

const incident = (id: string, severity: Severity, reportedAt = Date.now()): Incident =>
  ({ id, title: `t-${id}`, severity, status: 'reported', reportedAt, updatedAt: reportedAt }) as unknown as Incident;

describe('duty alerts', () => {
  beforeEach(async () => {
    host.acks.length = 0;
    setActivePinia(createPinia());
    useSettingsStore().settings = { ...DEFAULT_SETTINGS };
    await useIncidentsStore().load();
  });

  it('raises an alert for a new red incident, flashes red and repeats until acknowledged, recorded through the host', async () => {
    const duty = useDutyAlertsStore();
    duty.start();
    host.emit('incidentsChanged', { upserted: [incident('a', 'red'), incident('b', 'yellow')], total: 2 });
    expect(duty.pending.map((a) => a.key)).toEqual(['incident:a']);
    expect(duty.flashLevel).toBe('red');
    expect(duty.repeating).toBe(true);
    expect(duty.raisedCount).toBe(1);
    // The same incident updated again is not a second alert.
    host.emit('incidentsChanged', { upserted: [incident('a', 'red')], total: 2 });
    expect(duty.raisedCount).toBe(1);

    await duty.acknowledgeFirst();
    expect(host.acks).toEqual([{ incidentId: 'a' }]);
    expect(duty.pending).toEqual([]);
    expect(duty.flashLevel).toBeUndefined();
  });

  it('takes an alert off the bar when it was acknowledged on another screen, and never raises it again', () => {
    const duty = useDutyAlertsStore();
    duty.start();
    host.emit('incidentsChanged', { upserted: [incident('r', 'red'), incident('o', 'orange')], total: 2 });
    expect(duty.pending).toHaveLength(2);
    host.emit('alertAcknowledged', { incidentId: 'r', actor: '李值班', at: Date.now(), action: 'alertAck' });
    expect(duty.pending.map((a) => a.key)).toEqual(['incident:o']);
    expect(duty.repeating).toBe(false);
    // An acknowledgement pushed before this screen saw the incident keeps it from raising later.
    host.emit('alertAcknowledged', { incidentId: 'late', actor: '李值班', at: Date.now(), action: 'alertAck' });
    host.emit('incidentsChanged', { upserted: [incident('late', 'red')], total: 3 });
    expect(duty.pending.map((a) => a.key)).toEqual(['incident:o']);
    expect(host.acks).toEqual([]);
  });

  it('follows the configured level and stays silent for history catching up', () => {
    const duty = useDutyAlertsStore();
    duty.start();
    useSettingsStore().settings.alertLevel = 'red';
    host.emit('incidentsChanged', { upserted: [incident('o', 'orange'), incident('old', 'red', Date.now() - 3_600_000)], total: 2 });
    expect(duty.pending).toEqual([]);
  });

  it('raises for a new Severe CAP warning but not for those in force at start; a red alert escalates after its minutes', async () => {
    const alerts = useAlertsStore();
    alerts.alerts = [{ sender: 's', identifier: 'old', status: 'Actual', msgType: 'Alert', severity: 'red', infos: [] } as unknown as Alert];
    const duty = useDutyAlertsStore();
    duty.start();
    alerts.alerts = [
      ...alerts.alerts,
      { sender: 's', identifier: 'new', status: 'Actual', msgType: 'Alert', severity: 'orange', infos: [{ headline: '暴雨橙色预警' }] } as unknown as Alert,
    ];
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    expect(duty.pending.map((a) => [a.key, a.title])).toEqual([['cap:s,new', '暴雨橙色预警']]);

    const escalated: string[] = [];
    duty.onEscalation((a) => escalated.push(a.key));
    host.emit('incidentsChanged', { upserted: [incident('r', 'red')], total: 1 });
    duty.pending.find((a) => a.key === 'incident:r')!.raisedAt -= 5 * 60_000;
    duty.tick();
    duty.tick();
    expect(escalated).toEqual(['incident:r']);
    duty.stop();
  });

  it('raises an escalation rule’s firing at the rule’s level, once per firing, and acknowledging it records nothing on an incident', async () => {
    const duty = useDutyAlertsStore();
    duty.start();
    const firing = { ruleId: 'drown', ruleName: '溺水三起', version: 2, level: 'red', notify: ['duty', 'leader'], gridId: '431302-05', count: 3, threshold: 3, windowMinutes: 30, incidentIds: ['x', 'y', 'z'], at: 1000 };
    host.emit('ruleFired', firing);
    host.emit('ruleFired', firing);
    expect(duty.pending).toEqual([expect.objectContaining({ kind: 'rule', level: 'red', title: '溺水三起', gridId: '431302-05', count: 3, notify: ['duty', 'leader'], incidentIds: ['x', 'y', 'z'] })]);
    expect(duty.flashLevel).toBe('red');
    await duty.acknowledgeFirst();
    expect(duty.pending).toEqual([]);
    expect(host.acks).toEqual([]);
  });
});
