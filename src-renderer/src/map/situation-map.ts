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
import type { Severity } from '@shared/domain/severity';
import { TERMINAL_STATUSES } from '@shared/domain/status';
import { LOUDI_GRIDS } from '@shared/geo/grids';
import { ringBBox } from '@shared/geo/geometry';
import { softwareGl } from './software-gl';
import { UploadPacer } from './upload-pacer';
import type { BBox } from '@shared/geo/geometry';
import type { Basemap } from '@shared/map/basemap';
import { displayDatum } from '@shared/map/basemap-defaults';
import { diffSignatures, preferFullUpload } from '@shared/map/feature-diff';
import type { IncidentPoint } from '@shared/map/points';
import { statusAt, type GridMeasure } from '@shared/map/situation';
import type { BasemapParts } from './basemap';
import { DisplayDatumTransform } from '@shared/map/datum';
import { pathMetres } from '@shared/map/measure';
import type { InteractiveLayer, MapHover, MapOverlay, OverlayTarget } from './overlay';
import { OVERLAYS, type LayerGroup } from './overlay-registry';
import { INCIDENTS_SOURCE } from './overlays/incidents';
import { situationStyle, styleContext, type StyleInputs } from './style';
import { MapTools, type MapTool } from './tools';

// maplibre's module worker must be bundled by us: its default URL points next to a file that
// bundling moved. This works under http (console host) and the app:// protocol alike.
setWorkerUrl(workerUrl);


/** The box of the 39 responsibility grids (WGS-84), the default view. */
const GRIDS_BOUNDS: [[number, number], [number, number]] = (() => {
  const boxes = LOUDI_GRIDS.map((g) => ringBBox(g.ring));
  return [
    [Math.min(...boxes.map((b) => b.west)), Math.min(...boxes.map((b) => b.south))],
    [Math.max(...boxes.map((b) => b.east)), Math.max(...boxes.map((b) => b.north))],
  ];
})();
export type { MapHover } from './overlay';

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

type Interactive = InteractiveLayer & { overlay: MapOverlay };

const SEV_RANK: Record<Severity, number> = { red: 4, orange: 3, yellow: 2, blue: 1 };

/**
 * CPU-drawn WebGL: the least time between the start of two frames that data asked for (not a camera
 * move). Each frame holds the page's main thread 130–450 ms (SwiftShader drawing it, the page
 * waiting for the picture); after a jump or an upload the tiles come back one by one and each
 * asked for a frame of its own, so the window was busy for seconds and a click waited behind one.
 * Gathered, they are fewer and leave the window free between them.
 */
const FRAME_GAP_MS = 400;

/** Overlay sources up to this many features are compared with what they hold before being sent. */
const SAME_DATA_MAX = 2000;

/**
 * At most one upload of the incidents per this many ms. Each upload is a drawn frame: on CPU-drawn
 * WebGL one costs 150–450 ms of a core, so at 50 incidents a second the map would draw nothing
 * else (3.7 fps, the list and every click waiting behind it); the list, the counters and the
 * alerts do not wait for it.
 */
export const INCIDENT_UPLOAD_MS = { software: 2000, gpu: 250 } as const;

type Props = { id: string; sev: number; cat: string; open: number };

/**
 * The one owner of the maplibre map. Sources and layers are declared by the overlays
 * (`overlays/*.ts`, assembled in style.ts); callers hand it each overlay's data and intents
 * (select, jump, draw), never layers.
 * Live incident changes are sent to the worker as diffs (GeoJSONSource.updateData), at most once
 * per animation frame, so a stream of updates never re-uploads the whole source.
 */
export class SituationMap implements OverlayTarget {
  readonly map: MapLibreMap;
  /** Uploads of the incident sources so far, by kind (tests and the benchmark read these). */
  readonly uploads = { full: 0, diff: 0, lastFeatures: 0 };
  private readonly tools: MapTools;
  private readonly geoBase: string;
  transform = new DisplayDatumTransform('WGS84');
  private loaded = false;
  private shown = new Map<string, string>();
  private wanted = new Map<string, string>();
  private wantedPoints = new Map<string, IncidentPoint>();
  /** Drawn-property signatures, per point object (points are replaced, never mutated). */
  private sigCache = new WeakMap<IncidentPoint, string>();
  private clock = Number.MAX_SAFE_INTEGER;
  private forceFull = true;
  /** Each overlay's last data, drawn again after a style change. */
  private overlayData = new Map<string, unknown>();
  /** What each overlay source was last given (`setSourceData`), to skip sending the same again. */
  private sentData = new Map<string, string>();
  /** Overlays whose data changed while they were not drawn (group off, or the view hidden). */
  private staleOverlays = new Set<string>();
  /** False while the view is hidden: nothing is drawn then (each frame costs a software GL dearly). */
  private active = true;
  /** maplibre's own frame request; while inactive, the frames it asks for wait here. */
  private readonly requestFrame: () => void;
  private frameWanted = false;
  /** CPU-drawn WebGL: when the last frame was drawn, and the timer of a frame put off (see FRAME_GAP_MS). */
  private lastFrameAt = 0;
  private frameTimer?: ReturnType<typeof setTimeout>;
  private pendingCenter?: { lon: number; lat: number };
  /** CPU-drawn WebGL: as few frames as possible (see software-gl.ts). */
  private readonly software = softwareGl();
  /** The incidents' uploads, gathered (see INCIDENT_UPLOAD_MS). */
  private readonly incidentPacer = new UploadPacer(() => this.flush(), this.software ? INCIDENT_UPLOAD_MS.software : INCIDENT_UPLOAD_MS.gpu);
  /** Paced overlays (`pacedMs`): their last data waits here until their pacer sends it. */
  private readonly overlayPacers = new Map<string, UploadPacer>();
  /** Interactive layers, best first (the pointer takes the first one under it). */
  private readonly interactive: Interactive[] = OVERLAYS.flatMap((o) => (o.interactive ?? []).map((l) => ({ ...l, overlay: o }))).sort(
    (a, b) => a.rank - b.rank,
  );
  private hoverQueued?: MapMouseEvent;
  private countyCache?: Promise<FeatureCollection>;
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
      // The first view holds all 39 grids, whatever the window's size.
      bounds: GRIDS_BOUNDS,
      fitBoundsOptions: { padding: 24 },
      minZoom: 4,
      maxZoom: 18,
      attributionControl: false,
      canvasContextAttributes: { antialias: !this.software, preserveDrawingBuffer: false },
      // A label fade is a dozen more frames after every change; on a CPU-drawn map they cost seconds.
      fadeDuration: this.software ? 0 : 300,
    });
    // Every frame maplibre draws is asked for through triggerRepaint (data and tiles arriving, a
    // camera move, symbol placement): while the view is hidden none is drawn, not even for the
    // tiles still arriving from before; the map draws once when shown again.
    // On CPU-drawn WebGL, frames asked for by data (tiles and uploads arriving one by one) are
    // drawn at most one per FRAME_GAP_MS, so a click finds the window free between them; a camera
    // move (a drag, a zoom) is drawn at full pace.
    this.requestFrame = this.map.triggerRepaint.bind(this.map);
    this.map.triggerRepaint = () => {
      if (!this.active) {
        this.frameWanted = true;
        return;
      }
      const wait = this.software && !this.map.isMoving() ? this.lastFrameAt + FRAME_GAP_MS - performance.now() : 0;
      if (wait <= 0) return this.requestFrame();
      this.frameTimer ??= setTimeout(() => {
        this.frameTimer = undefined;
        this.map.triggerRepaint();
      }, wait);
    };
    this.map.on('render', () => (this.lastFrameAt = performance.now()));
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
   * Only the difference from what is drawn is sent, on an animation frame, at most once per
   * INCIDENT_UPLOAD_MS.
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
    this.incidentPacer.request();
  }

  get incidentCount(): number {
    return this.wanted.size;
  }

  private feature(p: IncidentPoint): Feature<Point, Props> {
    const open = TERMINAL_STATUSES.includes(statusAt(p, this.clock)) ? 0 : 1;
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: this.transform.toDisplay(p.lon, p.lat) },
      properties: { id: p.id, sev: SEV_RANK[p.severity], cat: p.category, open },
    };
  }

  /** Sends what changed since the last upload; true when something was sent. */
  private flush(): boolean {
    if (!this.loaded || !this.active) return false;
    const incidents = this.map.getSource<GeoJSONSource>(INCIDENTS_SOURCE);
    if (!incidents) return false;
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
    return uploaded;
  }

  /** Resolves when the next incident upload has been drawn and the map is idle (benchmarks, tests). */
  whenDrawn(): Promise<void> {
    return new Promise((resolve) => this.drawnWaiters.push(resolve));
  }

  /** Fly to an incident (its ring is the selection overlay's). */
  select(p: { id: string; lon: number; lat: number } | undefined): void {
    if (p && !this.active) this.pendingCenter = p;
    else if (p && this.loaded) {
      const to = { center: this.transform.toDisplay(p.lon, p.lat), zoom: Math.max(this.map.getZoom(), 14) };
      // A flight is ~60 frames: on a CPU-drawn map it would hold the window for seconds.
      if (this.software) this.map.jumpTo(to);
      else this.map.flyTo({ ...to, speed: 1.6 });
    }
  }

  // ── overlays ───────────────────────────────────────────────────────────────────────────────

  /** An overlay's data from its store: drawn now, and again after every style change. */
  setOverlayData(id: string, data: unknown, immediate = false): void {
    this.overlayData.set(id, data);
    const o = OVERLAYS.find((x) => x.id === id);
    if (!o?.apply) return;
    // A hidden layer's data (vehicles moving every few seconds) would make the map draw a frame it
    // does not show: it is sent when the layer is shown.
    if (!this.loaded || !this.active || (o.group && !this.o.visible[o.group.id])) {
      this.staleOverlays.add(id);
      return;
    }
    this.staleOverlays.delete(id);
    if (o.pacedMs && !immediate) this.pacer(id, o.pacedMs).request();
    else o.apply(data, this);
  }

  /** The pacer of an overlay whose data streams in: it draws the overlay's latest data. */
  private pacer(id: string, ms: { software: number; gpu: number }): UploadPacer {
    let p = this.overlayPacers.get(id);
    if (!p) {
      p = new UploadPacer(() => {
        const o = OVERLAYS.find((x) => x.id === id);
        if (!this.loaded || !this.active || !o?.apply || (o.group && !this.o.visible[o.group.id])) return false;
        o.apply(this.overlayData.get(id), this);
        return true;
      }, this.software ? ms.software : ms.gpu);
      this.overlayPacers.set(id, p);
    }
    return p;
  }

  /**
   * The view is shown (true) or hidden (false), or about to be left (an action holding the map's
   * frames, see stores/map-hold.ts). Hidden, the map draws nothing: a running camera move stops,
   * and data changes and frames wait; shown again, they are drawn at once.
   */
  setActive(on: boolean): void {
    if (on === this.active) return;
    this.active = on;
    if (!on) {
      this.map.stop();
      return;
    }
    if (this.pendingCenter && this.loaded) this.map.jumpTo({ center: this.transform.toDisplay(this.pendingCenter.lon, this.pendingCenter.lat), zoom: Math.max(this.map.getZoom(), 14) });
    this.pendingCenter = undefined;
    this.applyStale();
    this.incidentPacer.soon();
    if (this.frameWanted) {
      this.frameWanted = false;
      this.requestFrame();
    }
  }

  private applyStale(): void {
    for (const id of [...this.staleOverlays]) {
      const o = OVERLAYS.find((x) => x.id === id);
      if (!o || (o.group && !this.o.visible[o.group.id])) continue;
      this.staleOverlays.delete(id);
      o.apply?.(this.overlayData.get(id), this);
    }
  }

  setVisible(group: LayerGroup, on: boolean): void {
    this.o.visible[group] = on;
    if (!this.loaded) return;
    if (on && this.active) this.applyStale();
    const s = styleContext(this.styleInputs());
    for (const o of OVERLAYS) {
      if (o.group?.id !== group) continue;
      for (const { layer, visibility } of o.layers(s)) {
        if (visibility?.(s)) continue; // held by the overlay (e.g. the land fill under a basemap)
        if (this.map.getLayer(layer.id)) this.map.setLayoutProperty(layer.id, 'visibility', on ? 'visible' : 'none');
      }
    }
  }

  /** Category marks and grid label language (language switch). */
  relabel(marks: Record<string, string>, gridLabelField: 'zh' | 'en'): void {
    this.o.marks = marks;
    this.o.gridLabelField = gridLabelField;
    if (!this.loaded) return;
    for (const o of OVERLAYS) o.relabel?.(this, { marks, gridLabelField });
  }

  selectIncident(id: string): void {
    this.o.onSelect(id);
  }

  selectCamera(id: string): void {
    this.o.onCameraSelect?.(id);
  }

  expandCluster(sourceId: string, f: MapGeoJSONFeature): void {
    const clusterId = f.properties.cluster_id as number;
    void this.map
      .getSource<GeoJSONSource>(sourceId)
      ?.getClusterExpansionZoom(clusterId)
      .then((zoom) => {
        this.map.easeTo({ center: (f.geometry as Point).coordinates as [number, number], zoom: zoom + 0.2, ...(this.software ? { duration: 0 } : {}) });
      });
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
    this.map.fitBounds([sw, ne], { padding: 40, duration: this.software ? 0 : 600, maxZoom: 16 });
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
    clearTimeout(this.frameTimer);
    this.incidentPacer.dispose();
    for (const p of this.overlayPacers.values()) p.dispose();
    this.tools.destroy();
    this.map.remove();
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private styleInputs(): StyleInputs {
    const grids: FeatureCollection = {
      type: 'FeatureCollection',
      features: LOUDI_GRIDS.map((g) => ({
        type: 'Feature',
        id: g.index,
        properties: { id: g.id, index: g.index, zh: String(g.index).padStart(2, '0'), en: `G${String(g.index).padStart(2, '0')}` },
        geometry: { type: 'Polygon', coordinates: [this.transform.ring(g.ring)] },
      })),
    };
    return {
      geoBase: this.geoBase,
      grids,
      visible: this.o.visible,
      gridMeasure: this.o.gridMeasure,
      marks: this.o.marks,
      gridLabelField: this.o.gridLabelField,
      countiesData: this.countiesShifted,
      basemap: this.basemapParts,
    };
  }

  private style(): ReturnType<typeof situationStyle> {
    return situationStyle(this.styleInputs());
  }

  /** After the style (re)loads: every source gets its data again. */
  private reapply(): void {
    this.shown = new Map();
    this.sentData.clear(); // a new style's sources start empty
    this.forceFull = true;
    this.flush();
    for (const o of OVERLAYS) {
      o.styleLoaded?.(this);
      if (this.overlayData.has(o.id)) this.setOverlayData(o.id, this.overlayData.get(o.id), true);
    }
  }

  point(lon: number, lat: number, properties: Record<string, unknown>): Feature {
    return { type: 'Feature', properties, geometry: { type: 'Point', coordinates: this.transform.toDisplay(lon, lat) } };
  }

  /**
   * Replaces a source's features, unless they are the ones it holds: each `setData` costs the map
   * a worker round trip and two frames, and some overlays re-send what did not change (the
   * dispatch overlay's three empty sources on every vehicle report, about once a second; on
   * CPU-drawn WebGL those frames held the window 0.3 s a second). Compared by value up to
   * SAME_DATA_MAX features; larger sets (the camera catalogue) are always sent.
   */
  setSourceData(id: string, features: Feature[]): void {
    if (!this.loaded) return;
    const source = this.map.getSource<GeoJSONSource>(id);
    if (!source) return;
    const signature = features.length <= SAME_DATA_MAX ? JSON.stringify(features) : undefined;
    if (signature !== undefined && this.sentData.get(id) === signature) return;
    if (signature === undefined) this.sentData.delete(id);
    else this.sentData.set(id, signature);
    source.setData({ type: 'FeatureCollection', features });
  }

  countyData(): Promise<FeatureCollection> {
    this.countyCache ??= fetch(`${this.geoBase}loudi-counties.json`).then((r) => r.json() as Promise<FeatureCollection>);
    return this.countyCache;
  }

  private interactiveLayers(): string[] {
    return this.interactive.map((l) => l.layer).filter((id) => this.map.getLayer(id) && this.map.getLayoutProperty(id, 'visibility') !== 'none');
  }

  /** The best interactive feature under the pointer, with what its layer means. */
  private topFeature(e: MapMouseEvent): { f: MapGeoJSONFeature; l: Interactive } | undefined {
    if (!this.loaded) return undefined;
    const order = this.interactiveLayers();
    const features = this.map.queryRenderedFeatures(e.point, { layers: order });
    const f = features.sort((a, b) => order.indexOf(a.layer.id) - order.indexOf(b.layer.id))[0];
    const l = f && this.interactive.find((x) => x.layer === f.layer.id);
    return f && l ? { f, l } : undefined;
  }

  private click(e: MapLayerMouseEvent | MapMouseEvent): void {
    if (this.tools.active) return;
    const top = this.topFeature(e);
    top?.l.click?.(top.f, this);
  }

  private hover(): void {
    const e = this.hoverQueued;
    this.hoverQueued = undefined;
    if (!e || this.tools.active) return;
    const top = this.topFeature(e);
    this.map.getCanvas().style.cursor = top?.l.pointer ? 'pointer' : '';
    if (!top) {
      this.o.onHover(null);
      return;
    }
    const { f, l } = top;
    this.o.onHover({ overlay: l.overlay.id, kind: l.kind, id: String(f.properties.id ?? f.properties.cluster_id ?? ''), x: e.point.x, y: e.point.y, props: { ...f.properties } });
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
