import { z } from 'zod';

/**
 * The schemas of the incident points operation (declared in contract.ts). Apart from the points'
 * functions (./points.ts), which the renderer's shell uses without loading zod.
 */

/** A window of the cache, by report time. */
export const IncidentPointsQuerySchema = z
  .object({
    /** Reported at or after, epoch ms. */
    from: z.number().int().nonnegative().optional(),
    /** Reported before, epoch ms. */
    to: z.number().int().nonnegative().optional(),
    /** At most this many rows, newest first. */
    limit: z.number().int().min(1).max(500_000).default(250_000),
  })
  .strict();

const ints = z.array(z.number().int());
const nums = z.array(z.number());

/** Columns of equal length; `category` and `grid` index into their dictionaries (`grid` -1 = no grid). */
export const IncidentPointColumnsSchema = z.object({
  /** Rows that matched the window (more than returned when `truncated`). */
  total: z.number().int().nonnegative(),
  truncated: z.boolean(),
  /** Report times of the oldest and newest incident in the whole cache (null when empty): the replay range. */
  cacheFirst: z.number().nullable(),
  cacheLast: z.number().nullable(),
  categories: z.array(z.string()),
  grids: z.array(z.string()),
  id: z.array(z.string()),
  title: z.array(z.string()),
  lon: nums,
  lat: nums,
  /** Index into SEVERITIES. */
  severity: ints,
  /** Index into STATUSES. */
  status: ints,
  category: ints,
  grid: ints,
  reportedAt: ints,
  updatedAt: ints,
});
export type IncidentPointColumns = z.infer<typeof IncidentPointColumnsSchema>;
