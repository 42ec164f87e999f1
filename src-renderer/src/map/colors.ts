import type { Severity } from '@shared/domain/incident';

/** China's four warning colours, tuned to read on the dark command-centre theme. */
export const SEVERITY_COLORS: Record<Severity, string> = {
  red: '#ff3b3b',
  orange: '#ff8c1a',
  yellow: '#ffd426',
  blue: '#2f8cff',
};

export const THEME = {
  background: '#0b1220',
  land: '#111c2e',
  landOutline: '#26344d',
  prefecture: '#324563',
  county: '#152640',
  countyOutline: '#4f8cc9',
  grid: '#3ad1c5',
  text: '#d6e2f5',
};
