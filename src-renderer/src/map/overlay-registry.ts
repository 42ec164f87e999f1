import type { MapOverlay, VisibilityGroup } from './overlay';

/**
 * Every file in `overlays/` is an overlay: found by the bundler, no list to edit. Helpers an
 * overlay shares with another are named exports beside its default export.
 */
const modules = import.meta.glob<{ default: MapOverlay }>('./overlays/*.ts', { eager: true });

export const OVERLAYS: readonly MapOverlay[] = Object.values(modules)
  .map((m) => m.default)
  .sort((a, b) => a.id.localeCompare(b.id));

/** The visibility groups, in legend order. */
export const VISIBILITY_GROUPS: readonly VisibilityGroup[] = OVERLAYS.flatMap((o) => (o.group ? [o.group] : [])).sort((a, b) => a.order - b.order);

export { DEFAULT_VISIBLE, type LayerGroup } from './layer-groups';
export const LAYER_GROUP_IDS: readonly string[] = VISIBILITY_GROUPS.map((g) => g.id);
