import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import { Map as MapLibreMap, setWorkerUrl, type GeoJSONSource, type MapLayerMouseEvent } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Incident } from '@shared/domain/incident';
import { TERMINAL_STATUSES } from '@shared/domain/incident';
import { CITY_CENTER } from '@shared/geo/grids';
import { MapLabels } from './labels';
import { LAYERS, SOURCES, situationStyle } from './style';

// maplibre's module worker must be bundled by us: its default URL points next to a file that
// bundling moved. This works under http (console host) and the app:// protocol alike.
setWorkerUrl(workerUrl);

export interface SituationMapOptions {
  /** Called when a person clicks an incident on the map. */
  onSelect: (id: string) => void;
  gridLabel: (index: number) => string;
  onError?: (message: string) => void;
}

type IncidentFeature = Feature<Point, { id: string; severity: string; category: string; open: number }>;

/**
 * The one owner of the maplibre map: sources and layers are declared in style.ts; callers hand it
 * incidents and selections, never touch layers themselves.
 */
export class SituationMap {
  readonly map: MapLibreMap;
  private readonly features = new Map<string, IncidentFeature>();
  private readonly labels: MapLabels;
  private flushQueued = false;
  private loaded = false;

  constructor(container: HTMLElement, private readonly o: SituationMapOptions) {
    const geoBase = new URL('geo/', document.baseURI).href;
    this.map = new MapLibreMap({
      container,
      style: situationStyle(geoBase),
      center: CITY_CENTER,
      zoom: 12.2,
      minZoom: 5,
      maxZoom: 18,
      attributionControl: false,
      canvasContextAttributes: { antialias: true },
    });
    this.labels = new MapLabels(this.map);
    this.map.on('load', () => {
      this.loaded = true;
      this.flush();
      void this.addCountyLabels(geoBase);
      this.labels.addGrids(o.gridLabel);
    });
    this.map.on('error', (e) => o.onError?.(e.error?.message ?? 'map error'));
    this.map.on('click', LAYERS.incidents, (e: MapLayerMouseEvent) => {
      const id = e.features?.[0]?.properties?.id;
      if (typeof id === 'string') o.onSelect(id);
    });
    this.map.on('mouseenter', LAYERS.incidents, () => (this.map.getCanvas().style.cursor = 'pointer'));
    this.map.on('mouseleave', LAYERS.incidents, () => (this.map.getCanvas().style.cursor = ''));
  }

  /** Replace all incidents on the map. */
  setIncidents(items: readonly Incident[]): void {
    this.features.clear();
    this.upsertIncidents(items);
  }

  /** Add or update incidents; drawn on the next animation frame, once per frame however many arrive. */
  upsertIncidents(items: readonly Incident[]): void {
    for (const i of items) {
      this.features.set(i.id, {
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [i.lon, i.lat] },
        properties: { id: i.id, severity: i.severity, category: i.category, open: TERMINAL_STATUSES.includes(i.status) ? 0 : 1 },
      });
    }
    if (!this.flushQueued) {
      this.flushQueued = true;
      requestAnimationFrame(() => this.flush());
    }
  }

  get incidentCount(): number {
    return this.features.size;
  }

  /** Highlight an incident and fly to it. */
  select(incident: Incident | undefined): void {
    if (!this.loaded) {
      this.map.once('load', () => this.select(incident));
      return;
    }
    this.map.setFilter(LAYERS.selected, ['==', ['get', 'id'], incident?.id ?? '']);
    if (incident) this.map.flyTo({ center: [incident.lon, incident.lat], zoom: Math.max(this.map.getZoom(), 14), speed: 1.6 });
  }

  relabel(gridLabel: (index: number) => string): void {
    this.labels.relabelGrids(gridLabel);
  }

  destroy(): void {
    this.labels.remove();
    this.map.remove();
  }

  private flush(): void {
    this.flushQueued = false;
    if (!this.loaded) return;
    const source = this.map.getSource<GeoJSONSource>(SOURCES.incidents);
    source?.setData({ type: 'FeatureCollection', features: [...this.features.values()] });
  }

  private async addCountyLabels(geoBase: string): Promise<void> {
    try {
      const res = await fetch(`${geoBase}loudi-counties.json`);
      const fc = (await res.json()) as FeatureCollection<Geometry, { name?: unknown; center?: unknown }>;
      this.labels.addCounties(
        fc.features.flatMap((f) => {
          const { name, center } = f.properties ?? {};
          return typeof name === 'string' && Array.isArray(center) ? [{ name, center: center as [number, number] }] : [];
        }),
      );
    } catch (err) {
      this.o.onError?.((err as Error).message);
    }
  }
}
