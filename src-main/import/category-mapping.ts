import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ALL_CATEGORY_CODES } from '@shared/domain/categories';
import { categoryByName, normalizeCategoryName } from '@shared/domain/category-names';

/**
 * `category-map.json` in the data directory: per source system, its own service codes or names →
 * the console's category codes, for systems whose codes are neither the city's names nor the
 * console's codes. A source id, or `*` for every source:
 *
 *   { "sources": { "import.open311": { "PH-01": "cm.pavement", "电诈": "gg.anti-fraud" } } }
 */
export const CATEGORY_MAP_FILE = 'category-map.json';

const CategoryCode = z.string().refine((c) => ALL_CATEGORY_CODES.includes(c), { message: 'not a category code of the console' });
export const CategoryMapFileSchema = z
  .object({
    sources: z.record(z.string().min(1).max(100), z.record(z.string().min(1).max(200), CategoryCode)),
  })
  .strict();
export type CategoryMapFile = z.infer<typeof CategoryMapFileSchema>;

/** How a record's category was found. `fallback` is an unmapped code: counted and listed. */
export type ClassifiedBy = 'mapping' | 'name' | 'rule' | 'fallback';

/** Source code/name → category, in order: the source's mapping, the city's names, the source's rules. */
export class CategoryClassifier {
  private readonly bySource = new Map<string, Map<string, string>>();

  constructor(file: CategoryMapFile = { sources: {} }) {
    for (const [source, table] of Object.entries(file.sources)) {
      this.bySource.set(source, new Map(Object.entries(table).map(([k, v]) => [normalizeCategoryName(k), v])));
    }
  }

  /** The category the source's own table or the city's names give one of `texts`, if any. */
  lookup(source: string, texts: readonly (string | null | undefined)[]): { code: string; by: 'mapping' | 'name' } | undefined {
    for (const table of [this.bySource.get(source), this.bySource.get('*')]) {
      if (!table) continue;
      for (const t of texts) {
        const code = t ? table.get(normalizeCategoryName(t)) : undefined;
        if (code) return { code, by: 'mapping' };
      }
    }
    for (const t of texts) {
      const code = categoryByName(t);
      if (code) return { code, by: 'name' };
    }
    return undefined;
  }
}

/** Reads and validates the data directory's mapping file; none means no mappings. Throws on a bad file. */
export function loadCategoryMap(dataDir: string): CategoryClassifier {
  const path = join(dataDir, CATEGORY_MAP_FILE);
  if (!existsSync(path)) return new CategoryClassifier();
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${CATEGORY_MAP_FILE}: not JSON (${(err as Error).message})`);
  }
  const parsed = CategoryMapFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${CATEGORY_MAP_FILE}: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`);
  }
  return new CategoryClassifier(parsed.data);
}

/** Unmapped codes seen by an import: `code / name` → how many records carried it. */
export class UnmappedCodes {
  readonly counts = new Map<string, number>();
  add(code: string | null | undefined, name: string | null | undefined): void {
    const key = [code, name].filter(Boolean).join(' / ') || '(none)';
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  get total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
  /** Most frequent first. */
  list(limit = 100): { code: string; count: number }[] {
    return [...this.counts].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([code, count]) => ({ code, count }));
  }
}

let feedClassifier = new CategoryClassifier();

/**
 * The mapping the live feeds use (the console loads the data directory's file at start); imports
 * pass their own. Shared by every connector of the process, as the file is.
 */
export function useFeedCategoryMap(classifier: CategoryClassifier): void {
  feedClassifier = classifier;
}

export function currentFeedCategoryMap(): CategoryClassifier {
  return feedClassifier;
}
