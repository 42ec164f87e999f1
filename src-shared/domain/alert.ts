import { z } from 'zod';
import { SeveritySchema } from './incident';

/**
 * A warning in OASIS CAP 1.2 terms, as the console keeps it: the identity and message type of the
 * alert, its infos (one per language), its area as geometry for the map, and the warning colour.
 */

export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;

const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** One `<area>`: polygons as closed [lon, lat] rings (WGS-84), circles as centre and radius. */
export const AlertAreaSchema = z.object({
  description: z.string().max(2000),
  polygons: z.array(z.array(lonLat).max(10_000)).max(100),
  circles: z.array(z.object({ center: lonLat, radiusKm: z.number().min(0).max(20_000) })).max(100),
  /** Geocodes as given (name → value), e.g. the administrative code. */
  geocodes: z.array(z.object({ name: z.string().max(100), value: z.string().max(200) })).max(100),
});
export type AlertArea = z.infer<typeof AlertAreaSchema>;

/** One `<info>` block: a language's wording of the alert. */
export const AlertInfoSchema = z.object({
  language: z.string().max(20),
  event: z.string().max(500),
  headline: z.string().max(1000),
  description: z.string().max(20_000),
  instruction: z.string().max(20_000),
  /** CAP severity as sent (Extreme, Severe, Moderate, Minor, Unknown). */
  capSeverity: z.string().max(20),
  urgency: z.string().max(20),
  certainty: z.string().max(20),
  senderName: z.string().max(500),
  effective: z.number().nullable(),
  onset: z.number().nullable(),
  expires: z.number().nullable(),
});
export type AlertInfo = z.infer<typeof AlertInfoSchema>;

export const AlertSchema = z.object({
  /** `<identifier>`: unique per sender. */
  identifier: z.string().min(1).max(500),
  sender: z.string().max(500),
  /** `<sent>`, epoch ms. */
  sent: z.number(),
  msgType: z.enum(CAP_MSG_TYPES),
  status: z.enum(CAP_STATUSES),
  /** The warning colour, from the most severe info (CAP Extreme → red … Minor/Unknown → blue). */
  severity: SeveritySchema,
  /** Console category code (em.weather, em.flood, em.geological…). */
  category: z.string().max(100),
  /** The infos, Chinese first when present. */
  infos: z.array(AlertInfoSchema).max(20),
  areas: z.array(AlertAreaSchema).max(50),
  /** Latest `expires` over the infos, epoch ms; null when none is given (in force until cancelled). */
  expires: z.number().nullable(),
  /** Identifiers of earlier alerts this one updates or cancels. */
  references: z.array(z.string().max(500)).max(100),
  /** The feed it came from. */
  source: z.string().max(100),
  receivedAt: z.number(),
});
export type Alert = z.infer<typeof AlertSchema>;

/** CAP severity → China's warning colours. Unknown (or anything else) reads as blue. */
export function capSeverityColour(capSeverity: string): z.infer<typeof SeveritySchema> {
  switch (capSeverity.trim().toLowerCase()) {
    case 'extreme':
      return 'red';
    case 'severe':
      return 'orange';
    case 'moderate':
      return 'yellow';
    default:
      return 'blue';
  }
}

/** One row of the quarantine: a message refused by a feed, kept with the reason. */
export const QuarantineEntrySchema = z.object({
  id: z.number().int(),
  feedId: z.string().max(100),
  receivedAt: z.number(),
  reason: z.string().max(1000),
  /** Size of the message as received, bytes. */
  size: z.number().int().nonnegative(),
  /** The start of the message, as text (never rendered as HTML). */
  excerpt: z.string().max(4000),
});
export type QuarantineEntry = z.infer<typeof QuarantineEntrySchema>;
