import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * `feeds.json` in the data directory lists the backends to connect to. Without it the console
 * connects to its built-in simulator. Documented in docs/feeds.md.
 */
export const FeedConfigSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, . _ -'),
    name: z.string().min(1).max(100),
    kind: z.literal('websocket'),
    url: z.string().regex(/^wss?:\/\//, 'ws:// or wss:// URL'),
  })
  .strict();
export type FeedConfig = z.infer<typeof FeedConfigSchema>;

export const FeedsFileSchema = z.object({ feeds: z.array(FeedConfigSchema).max(100) }).strict();

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
  return parsed.data.feeds;
}
