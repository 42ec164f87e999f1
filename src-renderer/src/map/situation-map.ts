import type { Feature, FeatureCollection, Geometry, Point } from 'geojson';
import {
  Map as MapLibreMap,
  setWorkerUrl,
  type GeoJSONSource,
  type GeoJSONSourceDiff,
  type MapGeoJSONFeature,
  type MapLayerMouseEvent,
  type MapMouseEvent,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { Camera } from '@shared/domain/camera';
import { TERMINAL_STATUSES, type Severity } from '@shared/domain/incident';
import type { VehiclePosition } from '@shared/domain/vehicle';
import { CITY_CENTER, LOUDI_GRIDS } from '@shared/geo/grids';
import type { BBox } from '@shared/geo/geometry';
import { displayDatum, type Basemap } from '@shared/map/basemap';
import { diffSignatures, preferFullUpload } from '@shared/map/feature-diff';
import { alertAreaRings, type AlertArea, type SensorStation } from '@shared/map/overlays';
import type { IncidentPoint } from '@shared/map/points';
import { statusAt, type GridMeasure } from '@shared/map/situation';
import type { BasemapParts } from './basemap';
import { DisplayDatumTransform } from '@shared/map/datum';
import { pathMetres } from '@shared/map/measure';
import { categoryMarkExpression, gridSituationColor, LAYER_GROUPS, LAYERS, situationStyle, SOURCES, type LayerGroup } from './style';
import { MapTools, type MapTool } from './tools';

// maplibre's module worker must be bundled by us: its default URL points next to a file that
// bundling moved. This works under http (console host) and the app:// protocol alike.
setWorkerUrl(workerUrl);

/** What the pointer is over, for the text-only tooltip. */
export interface MapHover {
  kind: 'incident' | 'cluster' | 'camera' | 'vehicle' | 'sensor' | 'alert' | 'grid';
  id: string;
  /** Pointer position in the map container, px. */
  x: number;
  y: number;
  props: Record<string, unknown>;
}

export interface SituationMapOptions {
  onSelect: (id: string) => void;
  /** A camera point was clicked (the card offers "open in video" and a drag handle for a tile). */
  onCameraSelect?: (id: string) => void;
  onHover: (hover: MapHover | null) => void;
  /** A box or polygon was drawn: its ring in WGS-84. */
  onArea: (ring: [number, number][]) => void;
  onMeasure: (metres: number, vertices: number) => void;
  onError: (message: string) => void;
  visible: Record<LayerGroup, boolean>;
  gridMeasure: GridMeasure;
  marks: Record<string, string>;
  gridLabelField: 'zh' | 'en';
}

const SEV_RANK: Record<Severity, number> = { red: 4, orange: 3, yellow: 2, blue: 1 };

type Props = { id: string; sev: number; cat: string; open: number };

/**
 * The one owner of the maplibre map. Sources and layers are declared in style.ts; callers hand it
 * data (incident points, grid figures, overlays) and intents (select, jump, draw), never layers.
 * Live incident changes are sent to the worker as diffs (GeoJSONSource.updateData), at most once
 * per animation frame, so a stream of updates never re-uploads the whole source.
 */
export class SituationMap {
  readonly map: MapLibreMap;
  /** Uploads of the incident sources so far, by kind (tests and the benchmark read these). */
  readonly uploads = { full: 0, diff: 0, lastFeatures: 0 };
  private readonly tools: MapTools;
  private readonly geoBase: string;
  private transform = new DisplayDatumTransform('WGS84');
  private loaded = false;
  private shown = new Map<string, string>();
  private wanted = new Map<string, string>();
  private wantedPoints = new Map<string, IncidentPoint>();
  /** Drawn-property signatures, per point object (points are replaced, never mutated). */
  private sigCache = new WeakMap<IncidentPoint, string>();
  private clock = Number.MAX_SAFE_INTEGER;
  private flushQueued = false;
  private forceFull = true;
  private gridValues = new Map<string, number | null>();
  private selectedId = '';
  private selectedAt?: [number, number];
  private overlays: { alerts: AlertArea[]; sensors: SensorStation[]; cameras: Camera[]; vehicles: VehiclePosition[]; trails: { id: string; kind: string; coordinates: [number, number][] }[] } = {
    alerts: [],
    sensors: [],
    cameras: [],
    vehicles: [],
    trails: [],
  };
  private hoverQueued?: MapMouseEvent;
  private countyCache?: Promise<FeatureCollection<Geometry, { name?: unknown; center?: unknown }>>;
  private o: SituationMapOptions;
  private drawnWaiters: (() => void)[] = [];
  private basemapParts?: BasemapParts;
  private countiesShifted?: FeatureCollection;

  constructor(container: HTMLElement, options: SituationMapOptions) {
    this.o = { ...options, visible: { ...options.visible } };
    this.geoBase = new URL('geo/', document.baseURI).href;
    this.map = new MapLibreMap({
      container,
      style: this.style(),
      center: CITY_CENTER,
      zoom: 12.2,
      minZoom: 4,
      maxZoom: 18,
      attributionControl: false,
      canvasContextAttributes: { antialias: true, preserveDrawingBuffer: false },
    });
    this.tools = new MapTools(this.map, {
      onArea: (ring) => this.o.onArea(ring.map(([x, y]) => this.transform.toWgs84(x, y))),
      onMeasure: (path) => {
        this.o.onMeasure(pathMetres(path.map(([x, y]) => this.transform.toWgs84(x, y))), path.length);
      },
    });
    this.map.on('style.load', () => {
      this.loaded = true;
      this.reapply();
    });
    this.map.on('error', (e) => {
      const sourceId = (e as { sourceId?: string }).sourceId ?? '';
      if (sourceId.startsWith('basemap') || sourceId.startsWith('bm-')) return; // a missing basemap tile is not an error of ours
      this.o.onError(e.error?.message ?? 'map error');
    });
    this.map.on('click', (e) => this.click(e));
    this.map.on('mousemove', (e) => {
      if (!this.hoverQueued) requestAnimationFrame(() => this.hover());
      this.hoverQueued = e;
    });
    this.map.on('mouseout', () => this.o.onHover(null));
  }

  // ── incidents ───────────────────────────────────────────────────────────────────────────────

  /**
   * The incidents to draw, as of `clock` (their status at that instant decides open or closed).
   * Only the difference from what is drawn is sent, on the next animation frame.
   */
  setIncidents(points: readonly IncidentPoint[], clock = Number.MAX_SAFE_INTEGER): void {
    this.clock = clock;
    const wanted = new Map<string, string>();
    const byId = new Map<string, IncidentPoint>();
    for (const p of points) {
      let base = this.sigCache.get(p);
      if (base === undefined) this.sigCache.set(p, (base = `${p.lon},${p.lat},${p.severity},${p.category},`));
      const open = TERMINAL_STATUSES.includes(statusAt(p, clock)) ? '0' : '1';
      wanted.set(p.id, base + open);
      byId.set(p.id, p);
    }
    this.wanted = wanted;
    this.wantedPoints = byId;
    this.queueFlush();
  }

  get incidentCount(): number {
    return this.wanted.size;
  }

  private queueFlush(): void {
    if (this.flushQueued) return;
    this.flushQueued = true;
    requestAnimationFrame(() => this.flush());
  }

  private feature(p: IncidentPoint): Feature<Point, Props> {
    const open = TERMINAL_STATUSES.includes(statusAt(p, this.clock)) ? 0 : 1;
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: this.transform.toDisplay(p.lon, p.lat) },
      properties: { id: p.id, sev: SEV_RANK[p.severity], cat: p.category, open },
    };
  }

  private flush(): void {
    this.flushQueued = false;
    if (!this.loaded) return;
    const incidents = this.map.getSource<GeoJSONSource>(SOURCES.incidents);
    if (!incidents) return;
    const uploadsBefore = this.uploads.full + this.uploads.diff;
    const diff = diffSignatures(this.shown, this.wanted);
    const touched = diff.add.length + diff.update.length + diff.remove.length;
    if (this.forceFull || preferFullUpload(diff, this.wanted.size)) {
      const features = [...this.wantedPoints.values()].map((p) => this.feature(p));
      features.sort((a, b) => a.properties.sev - b.properties.sev); // worst drawn last, on top
      const fc: FeatureCollection = { type: 'FeatureCollection', features };
      incidents.setData(fc);
      this.uploads.full += 1;
      this.uploads.lastFeatures = fc.features.length;
      this.forceFull = false;
    } else if (touched > 0) {
      // Changed features are replaced whole: removals are applied before additions.
      const changed = [...diff.add, ...diff.update].map((id) => this.feature(this.wantedPoints.get(id)!));
      const d: GeoJSONSourceDiff = { remove: [...diff.remove, ...diff.update], add: changed };
      void incidents.updateData(d);
      this.uploads.diff += 1;
      this.uploads.lastFeatures = touched;
    }
    this.shown = this.wanted; // replaced whole by setIncidents, never changed in place
    const uploaded = this.uploads.full + this.uploads.diff > uploadsBefore;
    if (this.drawnWaiters.length && uploaded) {
      const waiters = this.drawnWaiters.splice(0);
      this.map.once('idle', () => waiters.forEach((w) => w()));
    }
  }

  /** Resolves when the next incident upload has been drawn and the map is idle (benchmarks, tests). */
  whenDrawn(): Promise<void> {
    return new Promise((resolve) => this.drawnWaiters.push(resolve));
  }

  /** Highlight an incident and fly to it. */
  select(p: { id: string; lon: number; lat: number } | undefined): void {
    this.selectedId = p?.id ?? '';
    this.selectedAt = p ? [p.lon, p.lat] : undefined;
    if (!this.loaded) return;
    this.drawSelected();
    if (p) this.map.flyTo({ center: this.transform.toDisplay(p.lon, p.lat), zoom: Math.max(this.map.getZoom(), 14), speed: 1.6 });
  }

  // ── grid situation ─────────────────────────────────────────────────────────────────────────

  /** Per-grid 0..1 values of the grid situation layer (null: nothing to show). */
  setGridValues(values: Map<string, number | null>): void {
    this.gridValues = values;
    if (!this.loaded) return;
    for (const g of LOUDI_GRIDS) {
      const v = values.get(g.id);
      this.map.setFeatureState({ source: SOURCES.grids, id: g.index }, { v: v ?? null });
    }
  }

  setGridMeasure(measure: GridMeasure): void {
    this.o.gridMeasure = measure;
    if (this.loaded) this.map.setPaintProperty(LAYERS.gridSituation, 'fill-color', gridSituationColor(measure));
  }

  // ── layers ─────────────────────────────────────────────────────────────────────────────────

  setVisible(group: LayerGroup, on: boolean): void {
    this.o.visible[group] = on;
    if (!this.loaded) return;
    for (const id of LAYER_GROUPS[group]) {
      if (id === 'world-fill' && this.basemapParts) continue;
      if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
    }
  }

  /** Category marks and grid label language (language switch). */
  relabel(marks: Record<string, string>, gridLabelField: 'zh' | 'en'): void {
    this.o.marks = marks;
    this.o.gridLabelField = gridLabelField;
    if (!this.loaded) return;
    this.map.setLayoutProperty(LAYERS.incidentMarks, 'text-field', categoryMarkExpression(marks));
    this.map.setLayoutProperty(LAYERS.gridsLabel, 'text-field', ['get', gridLabelField]);
  }

  // ── overlays from other systems ────────────────────────────────────────────────────────────

  /** CAP alert areas: polygons and circles in their warning colour. */
  setAlertAreas(areas: readonly AlertArea[]): void {
    this.overlays.alerts = [...areas];
    const features: Feature[] = alertAreaRings(areas).map((r) => ({
      type: 'Feature',
      properties: { id: r.id, severity: r.severity, headline: r.headline },
      geometry: { type: 'Polygon', coordinates: [this.transform.ring(r.ring)] },
    }));
    this.setSourceData(SOURCES.alerts, features);
  }

  setSensorStations(stations: readonly SensorStation[]): void {
    this.overlays.sensors = [...stations];
    this.setSourceData(
      SOURCES.sensors,
      stations.map((s) => this.point(s.lon, s.lat, { id: s.id, name: s.name, kind: s.kind, level: s.level ?? 'none', reading: s.reading ?? '' })),
    );
  }

  setCameras(cameras: readonly Camera[]): void {
    this.overlays.cameras = [...cameras];
    this.setSourceData(
      SOURCES.cameras,
      cameras.map((c) => this.point(c.lon, c.lat, { id: c.id, name: c.name, status: c.status, department: c.department })),
    );
  }

  /** Latest vehicle positions and their short trails. */
  setVehicles(positions: readonly VehiclePosition[], trails: { id: string; kind: string; coordinates: [number, number][] }[]): void {
    this.overlays.vehicles = [...positions];
    this.overlays.trails = trails;
    this.setSourceData(
      SOURCES.vehicles,
      positions.map((v) => this.point(v.lon, v.lat, { id: v.id, name: v.name, kind: v.kind, speed: v.speedKmh })),
    );
    this.setSourceData(
      SOURCES.trails,
      trails.map((t) => ({ type: 'Feature', properties: { id: t.id, kind: t.kind }, geometry: { type: 'LineString', coordinates: this.transform.ring(t.coordinates) } })),
    );
  }

  /** Dashed lines from an incident to its nearest cameras and vehicles (none: clear). */
  showNearest(from: [number, number] | undefined, targets: [number, number][]): void {
    const a = from ? this.transform.toDisplay(from[0], from[1]) : undefined;
    this.setSourceData(
      SOURCES.nearest,
      a ? targets.map((t) => ({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [a, this.transform.toDisplay(t[0], t[1])] } })) : [],
    );
  }

  // ── navigation and tools ───────────────────────────────────────────────────────────────────

  useTool(tool: MapTool | null): void {
    this.tools.use(tool);
  }

  get activeTool(): MapTool | null {
    return this.tools.active;
  }

  /** Fit a WGS-84 box into view. */
  jumpTo(b: BBox): void {
    const sw = this.transform.toDisplay(b.west, b.south);
    const ne = this.transform.toDisplay(b.east, b.north);
    this.map.fitBounds([sw, ne], { padding: 40, duration: 600, maxZoom: 16 });
  }

  /** Loudi's counties with their boxes, for jumping by name. */
  async counties(): Promise<{ name: string; bbox: BBox }[]> {
    const fc = await this.countyData();
    return fc.features.flatMap((f) => {
      const name = f.properties?.name;
      if (typeof name !== 'string') return [];
      const box: BBox = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
      visit(f.geometry, (x, y) => {
        box.west = Math.min(box.west, x);
        box.east = Math.max(box.east, x);
        box.south = Math.min(box.south, y);
        box.north = Math.max(box.north, y);
      });
      return [{ name, bbox: box }];
    });
  }

  /** Where a WGS-84 point is drawn, in container pixels. */
  project(lon: number, lat: number): { x: number; y: number } {
    const p = this.map.project(this.transform.toDisplay(lon, lat));
    return { x: p.x, y: p.y };
  }

  // ── basemap ────────────────────────────────────────────────────────────────────────────────

  /** Switch the basemap: the style is rebuilt around it and every overlay re-drawn in its datum. */
  async setBasemap(b: Basemap, parts: BasemapParts | undefined): Promise<void> {
    this.transform = new DisplayDatumTransform(displayDatum(b));
    this.basemapParts = parts;
    this.countiesShifted = undefined;
    if (!this.transform.identity) {
      const fc = structuredClone(await this.countyData()) as FeatureCollection;
      for (const f of fc.features) mapCoords(f.geometry, (x, y) => this.transform.toDisplay(x, y));
      this.countiesShifted = fc;
    }
    this.loaded = false;
    this.map.setStyle(this.style(), { diff: false });
  }

  destroy(): void {
    this.tools.destroy();
    this.map.remove();
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private style(): ReturnType<typeof situationStyle> {
    const grids: FeatureCollection = {
      type: 'FeatureCollection',
      features: LOUDI_GRIDS.map((g) => ({
        type: 'Feature',
        id: g.index,
        properties: { id: g.id, index: g.index, zh: String(g.index).padStart(2, '0'), en: `G${String(g.index).padStart(2, '0')}` },
        geometry: { type: 'Polygon', coordinates: [this.transform.ring(g.ring)] },
      })),
    };
    return situationStyle({
      geoBase: this.geoBase,
      grids,
      visible: this.o.visible,
      gridMeasure: this.o.gridMeasure,
      marks: this.o.marks,
      gridLabelField: this.o.gridLabelField,
      countiesData: this.countiesShifted,
      basemap: this.basemapParts,
    });
  }

  /** After the style (re)loads: every source gets its data again. */
  private reapply(): void {
    this.shown = new Map();
    this.forceFull = true;
    this.flush();
    this.setGridValues(this.gridValues);
    this.setAlertAreas(this.overlays.alerts);
    this.setSensorStations(this.overlays.sensors);
    this.setCameras(this.overlays.cameras);
    this.setVehicles(this.overlays.vehicles, this.overlays.trails);
    this.drawSelected();
    void this.countyData().then((fc) => {
      // One label per county at its seat (a polygon label would repeat in every tile it spans).
      const labels = fc.features.flatMap((f) => {
        const { name, center } = f.properties ?? {};
        return typeof name === 'string' && Array.isArray(center) ? [this.point(Number(center[0]), Number(center[1]), { name })] : [];
      });
      this.setSourceData(SOURCES.countyLabels, labels);
    });
  }

  private drawSelected(): void {
    const at = this.selectedAt;
    this.setSourceData(SOURCES.selected, at ? [this.point(at[0], at[1], { id: this.selectedId })] : []);
  }

  private point(lon: number, lat: number, properties: Record<string, unknown>): Feature {
    return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: this.transform.toDisplay(lon, lat) } };
  }

  private setSourceData(id: string, features: Feature[]): void {
    if (!this.loaded) return;
    this.map.getSource<GeoJSONSource>(id)?.setData({ type: 'FeatureCollection', features });
  }

  private countyData(): Promise<FeatureCollection<Geometry, { name?: unknown; center?: unknown }>> {
    this.countyCache ??= fetch(`${this.geoBase}loudi-counties.json`).then((r) => r.json() as Promise<FeatureCollection<Geometry, { name?: unknown }>>);
    return this.countyCache;
  }

  private interactiveLayers(): string[] {
    return [LAYERS.vehicles, LAYERS.incidents, LAYERS.clusters, LAYERS.sensors, LAYERS.cameras, LAYERS.cameraClusters, LAYERS.alertsFill, LAYERS.gridSituation, 'grids-fill'].filter(
      (id) => this.map.getLayer(id) && this.map.getLayoutProperty(id, 'visibility') !== 'none',
    );
  }

  private topFeature(e: MapMouseEvent): MapGeoJSONFeature | undefined {
    if (!this.loaded) return undefined;
    const features = this.map.queryRenderedFeatures(e.point, { layers: this.interactiveLayers() });
    const order = this.interactiveLayers();
    return features.sort((a, b) => order.indexOf(a.layer.id) - order.indexOf(b.layer.id))[0];
  }

  private click(e: MapLayerMouseEvent | MapMouseEvent): void {
    if (this.tools.active) return;
    const f = this.topFeature(e);
    if (!f) return;
    if (f.layer.id === LAYERS.incidents && typeof f.properties.id === 'string') this.o.onSelect(f.properties.id);
    if (f.layer.id === LAYERS.cameras && typeof f.properties.id === 'string') this.o.onCameraSelect?.(f.properties.id);
    if (f.layer.id === LAYERS.clusters || f.layer.id === LAYERS.cameraClusters) {
      const source = this.map.getSource<GeoJSONSource>(f.layer.id === LAYERS.clusters ? SOURCES.incidents : SOURCES.cameras);
      const clusterId = f.properties.cluster_id as number;
      void source?.getClusterExpansionZoom(clusterId).then((zoom) => {
        this.map.easeTo({ center: (f.geometry as Point).coordinates as [number, number], zoom: zoom + 0.2 });
      });
    }
  }

  private hover(): void {
    const e = this.hoverQueued;
    this.hoverQueued = undefined;
    if (!e || this.tools.active) return;
    const f = this.topFeature(e);
    this.map.getCanvas().style.cursor = f && f.layer.id !== 'grids-fill' && f.layer.id !== LAYERS.gridSituation ? 'pointer' : '';
    if (!f) {
      this.o.onHover(null);
      return;
    }
    const kind: MapHover['kind'] =
      f.layer.id === LAYERS.incidents
        ? 'incident'
        : f.layer.id === LAYERS.clusters
          ? 'cluster'
          : f.layer.id === LAYERS.cameras || f.layer.id === LAYERS.cameraClusters
            ? 'camera'
            : f.layer.id === LAYERS.vehicles
              ? 'vehicle'
              : f.layer.id === LAYERS.sensors
                ? 'sensor'
                : f.layer.id === LAYERS.alertsFill
                  ? 'alert'
                  : 'grid';
    this.o.onHover({ kind, id: String(f.properties.id ?? f.properties.cluster_id ?? ''), x: e.point.x, y: e.point.y, props: { ...f.properties } });
  }
}

function visit(g: Geometry, fn: (x: number, y: number) => void): void {
  const walk = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') fn(c[0], c[1] as number);
    else if (Array.isArray(c)) c.forEach(walk);
  };
  if (g.type !== 'GeometryCollection') walk(g.coordinates);
}

function mapCoords(g: Geometry, fn: (x: number, y: number) => [number, number]): void {
  const walk = (c: unknown[]): void => {
    for (let i = 0; i < c.length; i++) {
      const v = c[i];
      if (Array.isArray(v) && typeof v[0] === 'number') c[i] = fn(v[0], v[1] as number);
      else if (Array.isArray(v)) walk(v);
    }
  };
  if (g.type !== 'GeometryCollection' && g.type !== 'Point') walk(g.coordinates as unknown[]);
}
