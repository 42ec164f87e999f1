import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * `collab.json` in the data directory points this console at a standalone collaboration server
 * instead of the embedded one: `{ "url": "ws://host:port", "token": "…" }`.
 */
export const CollabConfigSchema = z
  .object({
    url: z.string().regex(/^wss?:\/\/[^\s]+$/, 'a ws:// or wss:// URL'),
    token: z.string().min(1).max(500),
  })
  .strict();
export type CollabConfig = z.infer<typeof CollabConfigSchema>;

export const COLLAB_CONFIG_FILE = 'collab.json';

/** The configured standalone server, or undefined for the embedded one. A bad file is an error that names it. */
export function readCollabConfig(dataDir: string): CollabConfig | undefined {
  const file = join(dataDir, COLLAB_CONFIG_FILE);
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${COLLAB_CONFIG_FILE}: not JSON (${(err as Error).message})`);
  }
  const parsed = CollabConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${COLLAB_CONFIG_FILE}: ${issue?.path.join('.') || 'file'}: ${issue?.message}`);
  }
  return parsed.data;
}
