import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { DatumSchema } from '@shared/domain/incident';

/**
 * `feeds.json` in the data directory lists the backends to connect to. Without it the console
 * connects to its built-in simulator. Documented in docs/feeds.md.
 */
const base = {
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, . _ -'),
  name: z.string().min(1).max(100),
  /** How far ahead of the console's clock a message's time may be, ms (default one day). */
  maxFutureSkewMs: z.number().int().min(0).max(366 * 86_400_000).optional(),
};
const httpUrl = z.string().regex(/^https?:\/\//, 'http:// or https:// URL');
const interval = z.number().int().min(200).max(24 * 3600_000).optional();

export const FeedConfigSchema = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('websocket'), url: z.string().regex(/^wss?:\/\//, 'ws:// or wss:// URL'), maxFrameBytes: z.number().int().min(1024).optional() }).strict(),
  z
    .object({
      ...base,
      kind: z.literal('sse'),
      url: httpUrl,
      /** What the events carry. */
      payload: z.enum(['grid-event', 'vehicle-fix']).default('grid-event'),
      maxMessageBytes: z.number().int().min(1024).optional(),
    })
    .strict(),
  z.object({ ...base, kind: z.literal('http-poll'), url: httpUrl, intervalMs: interval, pageSize: z.number().int().min(1).max(10_000).optional() }).strict(),
  z
    .object({
      ...base,
      kind: z.literal('mqtt'),
      url: z.string().regex(/^(mqtts?|wss?):\/\//, 'mqtt://, mqtts://, ws:// or wss:// URL'),
      topics: z.array(z.string().min(1).max(200)).min(1).max(50),
      maxMessageBytes: z.number().int().min(256).optional(),
    })
    .strict(),
  z
    .object({ ...base, kind: z.literal('cap'), url: httpUrl.optional(), folder: z.string().min(1).max(1000).optional(), intervalMs: interval })
    .strict()
    .refine((f) => !f.url !== !f.folder, 'a cap feed takes either url or folder'),
  z.object({ ...base, kind: z.literal('open311'), url: httpUrl, datum: DatumSchema.default('WGS84'), intervalMs: interval }).strict(),
]);
export type FeedConfig = z.infer<typeof FeedConfigSchema>;

export const FeedsFileSchema = z
  .object({ feeds: z.array(FeedConfigSchema).max(100) })
  .strict()
  .refine((f) => new Set(f.feeds.map((x) => x.id)).size === f.feeds.length, 'feed ids must be unique');

export const FEEDS_FILE = 'feeds.json';

/** The configured feeds, or undefined when there is no feeds.json. Invalid files are an error with the reason. */
export function readFeedsConfig(dataDir: string): FeedConfig[] | undefined {
  const path = join(dataDir, FEEDS_FILE);
  if (!existsSync(path)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${FEEDS_FILE}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = FeedsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${FEEDS_FILE}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  // A relative CAP folder is relative to the data directory.
  return parsed.data.feeds.map((f) => (f.kind === 'cap' && f.folder && !isAbsolute(f.folder) ? { ...f, folder: join(dataDir, f.folder) } : f));
}
