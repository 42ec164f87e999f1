/**
 * The map's visibility groups without their overlays: what the shell needs (the layer toggles'
 * defaults, the palette's layer commands) without loading the map, its paint and its fonts.
 * An overlay joins a group by spreading its entry (`group: { ...LAYER_GROUPS.incidents, legend }`);
 * a new group is one line here plus its `sitmap.layers.<id>` i18n keys.
 */
export interface LayerGroupInfo {
  /** The group's key (`layer-<id>` in tests, `sitmap.layers.<id>` in i18n). */
  id: string;
  /** Position in the legend, top to bottom. */
  order: number;
  /** On when the console starts. */
  visibleByDefault: boolean;
}

export const LAYER_GROUPS = {
  admin: { id: 'admin', order: 0, visibleByDefault: true },
  grids: { id: 'grids', order: 10, visibleByDefault: true },
  signals: { id: 'signals', order: 15, visibleByDefault: true },
  gridSituation: { id: 'gridSituation', order: 20, visibleByDefault: false },
  heatmap: { id: 'heatmap', order: 30, visibleByDefault: false },
  incidents: { id: 'incidents', order: 40, visibleByDefault: true },
  alerts: { id: 'alerts', order: 50, visibleByDefault: true },
  cameras: { id: 'cameras', order: 60, visibleByDefault: false },
  // Off at first: 200 moving dots hide the incidents; one click (or Shift+8) shows them.
  vehicles: { id: 'vehicles', order: 70, visibleByDefault: false },
  dispatch: { id: 'dispatch', order: 72, visibleByDefault: true },
  sensors: { id: 'sensors', order: 80, visibleByDefault: false },
} as const satisfies Record<string, LayerGroupInfo>;

export type LayerGroup = string;

/** The groups in legend order. */
export const LAYER_GROUP_LIST: readonly LayerGroupInfo[] = Object.values(LAYER_GROUPS).sort((a, b) => a.order - b.order);

/** What a person sees first: the live picture without the heavier analysis layers. */
export const DEFAULT_VISIBLE: Readonly<Record<LayerGroup, boolean>> = Object.fromEntries(LAYER_GROUP_LIST.map((g) => [g.id, g.visibleByDefault]));
