import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName } from '@shared/channels';
import type { Incident } from '@shared/domain/incident';

/** A host that counts its listeners per event and can push an event to them. */
const host = vi.hoisted(() => {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const emptyColumns = { id: [], title: [], lon: [], lat: [], severity: [], status: [], category: [], categories: [], grid: [], reportedAt: [], updatedAt: [], truncated: false, cacheFirst: null, cacheLast: null };
  const responses: Record<string, unknown> = {
    incidentPoints: emptyColumns,
    queryIncidents: { items: [], total: 0 },
    listAlerts: [],
    getMapSettings: undefined,
  };
  const api = new Proxy(
    {},
    {
      get: (_t, name: string) =>
        name === 'on'
          ? (event: string, listener: (payload: unknown) => void) => {
              const set = listeners.get(event) ?? new Set();
              listeners.set(event, set);
              set.add(listener);
              return () => set.delete(listener);
            }
          : async () => responses[name],
    },
  );
  return { api, listeners, count: (event: string) => listeners.get(event)?.size ?? 0, emit: (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload)) };
});
vi.mock('../api/client', () => ({ api: host.api }));

const { useSituationStore } = await import('./situation');
const { useIncidentsStore } = await import('./incidents');

const incident = (id: string): Incident =>
  ({ id, title: id, lon: 112.0, lat: 27.7, severity: 'red', status: 'new', category: 'fire', gridId: null, reportedAt: Date.now(), updatedAt: Date.now() }) as unknown as Incident;

describe('live subscriptions are owned by the stores', () => {
  beforeEach(() => {
    host.listeners.clear();
    setActivePinia(createPinia());
  });

  it('visiting the situation view ten times leaves one listener per live event', async () => {
    const incidents = useIncidentsStore();
    await incidents.load();
    const situation = useSituationStore();
    const onDelta = vi.spyOn(incidents, 'onDelta');
    // What the view does on each mount.
    for (let visit = 0; visit < 10; visit++) await situation.connect();

    const events: EventName[] = ['incidentsChanged', 'vehiclesChanged'];
    for (const e of events) expect(host.count(e), e).toBe(1);

    host.emit('incidentsChanged', { upserted: [incident('a')], total: 1 });
    expect(situation.points.map((p) => p.id)).toEqual(['a']);
    expect(onDelta).toHaveBeenCalledTimes(1);
    expect(incidents.items).toHaveLength(1);
  });

  it('loading the incidents again does not subscribe twice', async () => {
    const incidents = useIncidentsStore();
    for (let i = 0; i < 10; i++) await incidents.load();
    expect(host.count('incidentsChanged')).toBe(1);
  });
});
