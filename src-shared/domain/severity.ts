import type { Severity } from './incident';

/** OASIS CAP 1.2 `<severity>` values. */
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export type CapSeverity = (typeof CAP_SEVERITIES)[number];

const FROM_CAP: Record<CapSeverity, Severity> = {
  Extreme: 'red',
  Severe: 'orange',
  Moderate: 'yellow',
  Minor: 'blue',
  // An alert that does not say how bad it is still has to be shown: at the lowest level, never hidden.
  Unknown: 'blue',
};

const TO_CAP: Record<Severity, Exclude<CapSeverity, 'Unknown'>> = {
  red: 'Extreme',
  orange: 'Severe',
  yellow: 'Moderate',
  blue: 'Minor',
};

/**
 * China's warning colour for a CAP severity: Extreme→red, Severe→orange, Moderate→yellow,
 * Minor→blue, Unknown→blue. Matching is case-insensitive and trims; anything else is blue.
 */
export function severityFromCap(value: string): Severity {
  const v = value.trim().toLowerCase();
  const key = CAP_SEVERITIES.find((c) => c.toLowerCase() === v);
  return key ? FROM_CAP[key] : 'blue';
}

/** The CAP severity of a warning colour (the inverse of `severityFromCap` for the four known values). */
export function severityToCap(severity: Severity): Exclude<CapSeverity, 'Unknown'> {
  return TO_CAP[severity];
}
