import type { Severity } from '@shared/domain/incident';
import { PALETTE } from '../theme/tokens';

/** China's four warning colours (the palette's). */
export const SEVERITY_COLORS: Record<Severity, string> = PALETTE.severity;

/** The map's own colours; the background and text are the console's. */
export const THEME = {
  background: PALETTE.surface.base,
  land: '#111c2e',
  landOutline: '#26344d',
  prefecture: '#324563',
  county: '#152640',
  countyOutline: '#4f8cc9',
  grid: '#3ad1c5',
  text: PALETTE.text.normal,
  camera: '#b48cff',
  sensor: '#3cf0a0',
  draw: '#f5f5f5',
  nearest: '#ffffff',
};

/** Vehicle colours by kind. */
export const VEHICLE_COLORS: Record<string, string> = {
  sanitation: '#5ce1e6',
  landscaping: '#7ed957',
  command: '#ff66c4',
  patrol: '#ffde59',
};

/**
 * Colour ramps of the grid situation layer, low → high. Counts and overdue cases run from quiet
 * blue to hot red; the closure rate runs the other way (a low rate is the alarming one).
 */
export const GRID_RAMPS = {
  count: ['#1b3a5c', '#2f6f8f', '#e0c341', '#ff8c1a', '#e8312f'],
  overdue: ['#2a2f45', '#6b4f8f', '#c2479a', '#ff5a5a', '#ff1f1f'],
  closureRate: ['#e8312f', '#ff8c1a', '#e0c341', '#5fbf6f', '#1fa85a'],
} as const;

/** Heatmap ramp, transparent where there is nothing. */
export const HEAT_RAMP = ['rgba(0,0,0,0)', '#2c7bb6', '#abd9e9', '#ffffbf', '#fdae61', '#d7191c'] as const;
