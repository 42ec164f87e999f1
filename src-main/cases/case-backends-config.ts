import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * `case-backends.json` in the data directory: where case actions on incidents of a source go
 * (the system that owns those cases). The built-in simulator needs no entry. Example:
 *   { "backends": [ { "source": "city-grid", "url": "https://grid.example/v1/case-actions" } ] }
 */
export const CaseBackendsFileSchema = z
  .object({
    backends: z
      .array(
        z
          .object({
            /** The feed id whose incidents this backend owns. */
            source: z.string().min(1).max(100),
            url: z.string().regex(/^https?:\/\//, 'http:// or https:// URL').max(2000),
          })
          .strict(),
      )
      .max(100),
  })
  .strict();

export const CASE_BACKENDS_FILE = 'case-backends.json';

/** The configured case backends (empty without the file); an invalid file is an error with the reason. */
export function readCaseBackends(dataDir: string): { source: string; url: string }[] {
  const path = join(dataDir, CASE_BACKENDS_FILE);
  if (!existsSync(path)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${CASE_BACKENDS_FILE}: not valid JSON (${(err as Error).message})`);
  }
  const parsed = CaseBackendsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${CASE_BACKENDS_FILE}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data.backends;
}
