import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { AssignResource, DispatchAdvice, VehicleAssignment } from '@shared/dispatch/advice';
import type { NearbyCamera } from '@shared/video/schemas';
import { api } from '../api/client';
import { useCasesStore } from './cases';

/**
 * Recommended resources at dispatch: for the open case, the free vehicles and the units ranked by
 * estimated travel time (with the estimate's basis), the cameras nearest it, and the vehicles
 * working on open cases (pushed by the host). The situation map draws the candidates and labels
 * the assigned vehicles from here.
 */
export const useDispatchStore = defineStore('dispatch', () => {
  const cases = useCasesStore();
  const advice = shallowRef<DispatchAdvice>();
  const cameras = shallowRef<NearbyCamera[]>([]);
  const assignments = shallowRef<VehicleAssignment[]>([]);
  /** Whether the map shows the candidates of `advice`. */
  const shownOnMap = ref(false);
  const busy = ref(false);
  const error = ref<string>();

  const byVehicle = computed(() => new Map(assignments.value.map((a) => [a.vehicleId, a])));

  let unsubscribe: (() => void) | undefined;
  let loading: Promise<void> | undefined;
  /** Subscribes once and loads the current assignments. */
  function load(): Promise<void> {
    unsubscribe ??= api.on('assignmentsChanged', (p) => (assignments.value = p.assignments));
    loading ??= api.vehicleAssignments().then((list) => void (assignments.value = list));
    return loading;
  }

  /** Ranks the resources for a case and finds the cameras nearest it. */
  async function advise(incidentId: string | undefined): Promise<void> {
    error.value = undefined;
    if (!incidentId) {
      advice.value = undefined;
      cameras.value = [];
      return;
    }
    void load();
    try {
      const a = await api.dispatchAdvice({ incidentId, n: 5 });
      const near = await api.nearestCameras({ lon: a.lon, lat: a.lat, n: 4, maxKm: 5, onlineOnly: true });
      if (cases.detail?.incident.id !== incidentId && cases.detail) return; // another case was opened meanwhile
      advice.value = a;
      cameras.value = near;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  /** Assigns a vehicle or a unit to the case; the case's history is read again. */
  async function assign(req: AssignResource): Promise<boolean> {
    busy.value = true;
    error.value = undefined;
    try {
      const done = await api.assignResource(req);
      assignments.value = done.assignments;
      await Promise.all([cases.open(req.incidentId), advise(req.incidentId)]);
      return true;
    } catch (err) {
      error.value = (err as Error).message;
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { advice, cameras, assignments, byVehicle, shownOnMap, busy, error, load, advise, assign };
});
