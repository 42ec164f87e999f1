import { MAP_FONT } from '../styles/fonts';
import type { FeatureCollection } from 'geojson';
import type { ExpressionSpecification } from 'maplibre-gl';
import { HEAT_WEIGHT } from '@shared/map/situation';
import { SEVERITY_COLORS, THEME } from './colors';

/** Paint and layout pieces the overlays share. */

/** The bundled font (drawn from its `font-faces` files, see style.ts), then workstation fonts; maplibre appends a generic fallback. */
export const FONT_STACK = [MAP_FONT, 'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'PingFang SC'];

export const TEXT = { 'text-font': FONT_STACK, 'text-allow-overlap': false } as const;
/** A dark halo wide enough that labels read over any basemap, light imagery included. */
export const HALO = { 'text-halo-color': THEME.background, 'text-halo-width': 2.2, 'text-halo-blur': 0.6 } as const;

/**
 * A point's heat weight from its severity rank (red 4 … blue 1), computed by maplibre rather than
 * carried as a property: one property fewer to serialise and tile per incident.
 */
export const HEAT_WEIGHT_OF_RANK = ['match', ['get', 'sev'], 4, HEAT_WEIGHT.red, 3, HEAT_WEIGHT.orange, 2, HEAT_WEIGHT.yellow, HEAT_WEIGHT.blue] as unknown as ExpressionSpecification;

export const severityByRank = (rank: ExpressionSpecification): ExpressionSpecification => [
  'match',
  rank,
  4,
  SEVERITY_COLORS.red,
  3,
  SEVERITY_COLORS.orange,
  2,
  SEVERITY_COLORS.yellow,
  SEVERITY_COLORS.blue,
];

export const levelColor = (prop: string, fallback: string): ExpressionSpecification => [
  'match',
  ['get', prop],
  'red',
  SEVERITY_COLORS.red,
  'orange',
  SEVERITY_COLORS.orange,
  'yellow',
  SEVERITY_COLORS.yellow,
  'blue',
  SEVERITY_COLORS.blue,
  fallback,
];

export const empty = (): FeatureCollection => ({ type: 'FeatureCollection', features: [] });
