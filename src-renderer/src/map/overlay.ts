import type { Feature, FeatureCollection } from 'geojson';
import type { LayerSpecification, MapGeoJSONFeature, SourceSpecification } from 'maplibre-gl';
import type { DisplayDatumTransform } from '@shared/map/datum';
import type { GridMeasure } from '@shared/map/situation';
import type { LayerGroupInfo } from './layer-groups';

/**
 * One map overlay, declared in one file under `map/overlays/`: its sources, its layers (style
 * specs), how it gets features from its store, what hovering and clicking it does, its legend
 * entry and its visibility group. The map module, the style and the map view loop over the
 * registry (`overlay-registry.ts`); adding an overlay is one new file plus its i18n keys.
 */
export interface MapOverlay<D = unknown> {
  /** The overlay's name (also its file name). */
  id: string;
  /** The legend entry and toggle that shows or hides its layers; none: always shown. */
  group?: VisibilityGroup;
  /** Sources this overlay owns, by id. */
  sources?: (s: StyleContext) => Record<string, SourceSpecification>;
  /** Its layers; `z` places each among all overlays' layers (higher: drawn on top). */
  layers: (s: StyleContext) => OverlayLayer[];
  /** What it draws, read from its store (called reactively by the map view). */
  data?: (stores: OverlayStores) => D;
  /** Its group was switched on (e.g. load what it draws on first use). */
  shown?: (stores: OverlayStores) => void;
  /**
   * Data that streams in (vehicles moving every few seconds): drawn at most once per this many ms
   * (on CPU-drawn WebGL, and on a GPU), its latest data each time, since every change is a frame.
   */
  pacedMs?: { software: number; gpu: number };
  /** Draws `data` into its sources (also after every style load, with the last data). */
  apply?: (data: D, map: OverlayTarget) => void;
  /** After the style (re)loads, before the data is applied again. */
  styleLoaded?: (map: OverlayTarget) => void;
  /** The language changed: labels drawn from the style are set again. */
  relabel?: (map: OverlayTarget, s: Pick<StyleContext, 'marks' | 'gridLabelField'>) => void;
  /** Layers the pointer can hover or click, with what that means. */
  interactive?: InteractiveLayer[];
  /** The text-only tooltip for a hover over one of its interactive layers. */
  tooltip?: (hover: MapHover, ctx: TooltipContext) => Tooltip | null;
}

/** A group as the map draws it: its entry in `layer-groups.ts` plus its legend key. */
export interface VisibilityGroup extends LayerGroupInfo {
  /** What the legend shows under the toggle while the group is on. */
  legend?: LegendKey;
}

/** A legend key: swatches, a colour ramp, or the grid measure picker with its ramp. */
export type LegendKey =
  | { kind: 'swatches'; items: { shape: 'round' | 'line' | 'area' | 'ring'; color: string; labelKey?: string }[] }
  | { kind: 'ramp'; colors: readonly string[] }
  | { kind: 'gridMeasure' };

export interface OverlayLayer {
  z: number;
  layer: LayerSpecification;
  /** Shown whatever its group says (e.g. a fill kept off under a configured basemap). */
  visibility?: (s: StyleContext) => 'visible' | 'none' | undefined;
}

export interface InteractiveLayer {
  layer: string;
  /** What the hover is about (the tooltip's kind). */
  kind: string;
  /** Lower wins when several layers are under the pointer. */
  rank: number;
  /** Show the pointer cursor over it. */
  pointer: boolean;
  click?: (f: MapGeoJSONFeature, map: OverlayTarget) => void;
}

/** What a style is built from. */
export interface StyleContext {
  geoBase: string;
  grids: FeatureCollection;
  visible: Record<string, boolean>;
  gridMeasure: GridMeasure;
  marks: Record<string, string>;
  gridLabelField: 'zh' | 'en';
  /** County geometry already shifted to the display datum (otherwise the bundled file is used as is). */
  countiesData?: FeatureCollection | undefined;
  /** A configured basemap is drawn underneath (the bundled land fill stays off). */
  basemap: boolean;
}

/** What an overlay may do to the map. */
export interface OverlayTarget {
  readonly map: import('maplibre-gl').Map;
  readonly transform: DisplayDatumTransform;
  setSourceData(id: string, features: Feature[]): void;
  point(lon: number, lat: number, properties: Record<string, unknown>): Feature;
  /** The incident points and the clock (diffed, at most one upload per frame). */
  setIncidents(points: readonly import('@shared/map/points').IncidentPoint[], clock: number): void;
  countyData(): Promise<FeatureCollection>;
  selectIncident(id: string): void;
  selectCamera(id: string): void;
  expandCluster(sourceId: string, f: MapGeoJSONFeature): void;
}

/** What the pointer is over, for the text-only tooltip. */
export interface MapHover {
  overlay: string;
  kind: string;
  id: string;
  /** Pointer position in the map container, px. */
  x: number;
  y: number;
  props: Record<string, unknown>;
}

export interface Tooltip {
  title: string;
  lines: string[];
  color?: string | undefined;
}

/** The stores an overlay reads (handed in by the map view; overlays import their types only). */
export interface OverlayStores {
  situation: ReturnType<typeof import('../stores/situation').useSituationStore>;
  resources: ReturnType<typeof import('../stores/map-resources').useMapResourcesStore>;
  layers: ReturnType<typeof import('../stores/map-layers').useMapLayersStore>;
  incidents: ReturnType<typeof import('../stores/incidents').useIncidentsStore>;
  signals: ReturnType<typeof import('../stores/signals').useSignalsStore>;
  dispatch: ReturnType<typeof import('../stores/dispatch').useDispatchStore>;
  filter: ReturnType<typeof import('../stores/situation-filter').useSituationFilterStore>;
  consultation: ReturnType<typeof import('../stores/consultation').useConsultationStore>;
}

export interface TooltipContext extends OverlayStores {
  t: (key: string, named?: Record<string, unknown>) => string;
  locale: string;
}

/** Declares an overlay (keeps its data type between `data` and `apply`). */
export function defineOverlay<D>(o: MapOverlay<D>): MapOverlay<D> {
  return o;
}
