/**
 * Severity in China's four warning colours. Level I (red) is the most severe. The mapping to
 * OASIS CAP severity is Extreme→red, Severe→orange, Moderate→yellow, Minor→blue.
 * (Apart from the incident schema, like ./status.ts, so the renderer's shell loads no zod.)
 */
export const SEVERITIES = ['red', 'orange', 'yellow', 'blue'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Severity rank: 1 for red … 4 for blue; sorting by rank puts the worst first. */
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s) + 1;

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
