import type { Basemap, DisplayDatum, MapSettings } from './basemap';

// Apart from the basemap schemas (re-exported there) so the renderer's situation view loads no zod.

export const DEFAULT_MAP_SETTINGS: MapSettings = { basemap: { kind: 'offline' } };

/** The datum overlays must be drawn in for a basemap. */
export function displayDatum(b: Basemap): DisplayDatum {
  return b.kind === 'xyz' || b.kind === 'style' || b.kind === 'pmtiles' ? b.datum : 'WGS84';
}
