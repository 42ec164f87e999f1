import { z } from 'zod';
import { DATUMS, STATUSES } from '../domain/incident';

/**
 * Wire format of the grid-governance platform's event stream (综治网格化管理平台) as the console
 * consumes it over WebSocket or SSE. The built-in simulator speaks exactly this, so the path from
 * socket to screen is the one a real backend takes.
 *
 * Stream messages: first `hello`, then `event` messages in `seq` order. A client resumes with
 * `?since=<seq>`; when `runId` differs from the one its cursor came from, it starts over.
 */
export const GridEventSchema = z
  .object({
    eventId: z.string().min(1).max(64),
    /** Category code, e.g. `gg.epidemic`. */
    categoryCode: z.string().min(1).max(64),
    /** 1 (特别重大, red) … 4 (一般, blue). */
    level: z.number().int().min(1).max(4),
    title: z.string().max(500),
    content: z.string().max(20_000),
    lng: z.number().min(-180).max(180),
    lat: z.number().min(-90).max(90),
    coordSys: z.enum(DATUMS),
    gridCode: z.string().max(50).nullable(),
    address: z.string().max(500),
    /** ISO 8601 with offset. */
    reportTime: z.iso.datetime({ offset: true }),
    state: z.enum(STATUSES),
    /**
     * When the event entered its state (ISO 8601 with offset). Optional: without it the state
     * counts from when the console received it, which is wrong for a stream's catch-up of past
     * hours (every stage would last milliseconds and every clock start at the catch-up).
     */
    updateTime: z.iso.datetime({ offset: true }).optional(),
    unit: z.string().max(200).nullable(),
  })
  .strict();
export type GridEvent = z.infer<typeof GridEventSchema>;

export const StreamHelloSchema = z.object({
  type: z.literal('hello'),
  runId: z.string().min(1).max(64),
  /** Highest sequence number the server has. */
  latestSeq: z.number().int().nonnegative(),
  /** Server clock, epoch ms (for lag). */
  serverTime: z.number(),
});
export type StreamHello = z.infer<typeof StreamHelloSchema>;

export const StreamEventSchema = z.object({
  type: z.literal('event'),
  seq: z.number().int().positive(),
  /** When the server sent it, epoch ms. */
  sentAt: z.number(),
  event: z.unknown(),
});
export type StreamEvent = z.infer<typeof StreamEventSchema>;
