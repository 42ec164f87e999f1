import { defineStore } from 'pinia';
import { ref, shallowRef, triggerRef } from 'vue';
import type { VehiclePosition } from '@shared/domain/vehicle';
import { api } from '../api/client';

/**
 * The newest GPS fix of every field vehicle: loaded once, then updated by the host's batched
 * pushes (about one a second). Listeners (the map) get each batch of moved vehicles.
 */
export const useVehiclesStore = defineStore('vehicles', () => {
  const byId = shallowRef(new Map<string, VehiclePosition>());
  const count = ref(0);
  const listeners = new Set<(moved: VehiclePosition[]) => void>();

  function apply(positions: VehiclePosition[]): void {
    for (const p of positions) {
      const prev = byId.value.get(p.id);
      if (!prev || prev.at <= p.at) byId.value.set(p.id, p);
    }
    count.value = byId.value.size;
    triggerRef(byId);
    for (const l of listeners) l(positions);
  }

  let unsubscribe: (() => void) | undefined;
  async function load(): Promise<void> {
    unsubscribe ??= api.on('vehiclesChanged', (p) => apply(p.positions));
    apply(await api.listVehicles());
  }

  function onMoved(listener: (moved: VehiclePosition[]) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return { byId, count, load, apply, onMoved };
});
