import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Tables that one store module writes and reads; the rest of main goes through that module. */
const OWNERS: Record<string, string> = {
  incident_day_counts: 'src-main/store/daily-counts.ts',
  stage_durations: 'src-main/store/stage-durations.ts',
  case_clock_limits: 'src-main/store/case-clock-limits.ts',
  feed_cursors: 'src-main/store/incident-writer.ts',
  incident_rollup: 'src-main/store/incident-rollup.ts',
};

describe('store tables with one owner', () => {
  it('names each of these tables in its owning module only (migrations aside)', () => {
    const files = sources(join(ROOT, 'src-main')).filter((f) => !f.includes('/store/migrations/'));
    for (const [table, owner] of Object.entries(OWNERS)) {
      const naming = files.filter((f) => new RegExp(`\\b${table}\\b`).test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
      expect(naming, table).toEqual([owner]);
    }
  });
});
