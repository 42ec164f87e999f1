import { defineStore } from 'pinia';
import { shallowRef, watch } from 'vue';
import type { Camera } from '@shared/domain/camera';
import type { VehiclePosition } from '@shared/domain/vehicle';
import { VehicleTracks } from '@shared/map/vehicle-tracks';
import { alertsToAreas, type AlertArea, type SensorStation } from '@shared/map/overlays';
import { useAlertsStore } from './alerts';
import { api } from '../api/client';
import { NearestIndex } from '@shared/map/nearest';

export interface NearestResources {
  cameras: { item: Camera; metres: number }[];
  vehicles: { item: VehiclePosition; metres: number }[];
}

/**
 * Resources drawn on the situation map besides incidents: cameras (the catalog), vehicles (live
 * positions and trails), CAP alert areas and sensor stations; and the "nearest cameras and
 * vehicles" search over them, which the video view can use as well.
 */
export const useMapResourcesStore = defineStore('mapResources', () => {
  const cameras = shallowRef<Camera[]>([]);
  const vehicles = shallowRef<VehiclePosition[]>([]);
  const trails = shallowRef<{ id: string; kind: string; coordinates: [number, number][] }[]>([]);
  const alertAreas = shallowRef<AlertArea[]>([]);
  const sensors = shallowRef<SensorStation[]>([]);
  const tracks = new VehicleTracks();
  /** The last "nearest cameras and vehicles" answer, and for which incident. */
  const nearestResult = shallowRef<{ incidentId: string; from: [number, number]; found: NearestResources }>();
  let camerasLoading: Promise<void> | undefined;
  let subscribed = false;

  function subscribe(): void {
    if (subscribed) return;
    subscribed = true;
    api.on('vehiclesChanged', ({ positions }) => addVehiclePositions(positions));
    // The CAP alerts in force (from the alert feeds) are drawn as areas in their colours.
    const alerts = useAlertsStore();
    watch(() => alerts.alerts, (list) => setAlertAreas(alertsToAreas(list)), { immediate: true });
  }

  async function loadCameras(): Promise<void> {
    camerasLoading ??= api.listCameras().then((list) => {
      cameras.value = list;
    });
    return camerasLoading;
  }

  function addVehiclePositions(positions: readonly VehiclePosition[]): void {
    if (tracks.add(positions).length === 0) return;
    vehicles.value = tracks.positions();
    trails.value = tracks.trails();
  }

  /** CAP alert areas to draw (the alerts feed sets these). */
  function setAlertAreas(areas: readonly AlertArea[]): void {
    alertAreas.value = [...areas];
  }

  function setSensorStations(stations: readonly SensorStation[]): void {
    sensors.value = [...stations];
  }

  /**
   * The online cameras and the vehicles nearest to a WGS-84 point. The cameras come from the
   * host's spatial index (one small answer), so the question never waits for the whole catalog
   * to reach the window; the few hundred vehicles are indexed here, where their positions are.
   */
  async function nearest(lon: number, lat: number, n = { cameras: 6, vehicles: 3 }): Promise<NearestResources> {
    const near = await api.nearestCameras({ lon, lat, n: n.cameras, maxKm: 50, onlineOnly: true });
    const vehicleIndex = new NearestIndex(vehicles.value);
    return { cameras: near.map((c) => ({ item: c.camera, metres: c.distanceM })), vehicles: vehicleIndex.nearest(lon, lat, n.vehicles) };
  }

  async function showNearest(incident: { id: string; lon: number; lat: number } | undefined): Promise<void> {
    if (!incident) {
      nearestResult.value = undefined;
      return;
    }
    const found = await nearest(incident.lon, incident.lat);
    nearestResult.value = { incidentId: incident.id, from: [incident.lon, incident.lat], found };
  }

  return { cameras, vehicles, trails, alertAreas, sensors, nearestResult, showNearest, subscribe, loadCameras, addVehiclePositions, setAlertAreas, setSensorStations, nearest };
});
