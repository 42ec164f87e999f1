import { ALL_CATEGORIES, categoryInfo } from '@shared/domain/categories';
import { open311Category } from '../../feeds/category-maps';
import { CATEGORY_MAP_FILE } from '../../import/category-mapping';
import { cliCategoryMap, openCache } from '../open-cache';
import { DailyCounts } from '../../store/daily-counts';
import type { CliCommand } from '../command';

/**
 * `categories [--unmapped]`: the categories with their counts; with `--unmapped`, the service
 * codes and category codes in the cache that no mapping, category name or rule knows — the
 * Open311 requests stored as `cm.other` for want of a mapping, and codes outside the catalogue —
 * so they can be added to category-map.json.
 */
export const categoriesCommand: CliCommand = {
  name: 'categories',
  summary: 'categories with their counts; --unmapped lists source codes no mapping knows',
  usage: 'categories [--unmapped] [--data-dir DIR] [--json]',
  options: { unmapped: { type: 'boolean' } },
  run(ctx, values) {
    const classifier = cliCategoryMap(ctx);
    const db = openCache(ctx);
    try {
      if (!values.unmapped) {
        const byStatus = new DailyCounts(db).counts('c');
        const counts = new Map([...byStatus].map(([key, m]) => [key, [...m.values()].reduce((a, b) => a + b, 0)]));
        const rows = ALL_CATEGORIES.map((c) => ({ code: c.code, zh: c.zh, en: c.en, count: counts.get(c.code) ?? 0 }));
        for (const r of rows) if (r.count) ctx.say(`${r.code.padEnd(24)} ${String(r.count).padStart(8)}  ${r.zh}`);
        ctx.result({ categories: rows });
        return 0;
      }
      // Open311 requests that fell through to cm.other: which of their service codes nothing maps.
      const rows = db
        .prepare(
          `SELECT source, json_extract(raw, '$.service_code') AS code, json_extract(raw, '$.service_name') AS name, count(*) AS n
           FROM incidents WHERE category = 'cm.other' AND raw IS NOT NULL AND json_valid(raw) GROUP BY 1, 2, 3`,
        )
        .all() as { source: string; code: string | null; name: string | null; n: number }[];
      const unmapped: { source: string; code: string; count: number }[] = [];
      for (const r of rows) {
        if (r.code === null && r.name === null) continue;
        if (classifier.lookup(r.source, [r.code, r.name])) continue;
        if (!open311Category(String(r.code ?? ''), String(r.name ?? '')).unmapped) continue;
        unmapped.push({ source: r.source, code: [r.code, r.name].filter((x) => x !== null).join(' / '), count: r.n });
      }
      // Category codes a feed sent that the catalogue does not have (kept as sent).
      for (const r of db.prepare("SELECT source, category, count(*) AS n FROM incidents GROUP BY 1, 2").all() as { source: string; category: string; n: number }[]) {
        if (!categoryInfo(r.category)) unmapped.push({ source: r.source, code: r.category, count: r.n });
      }
      unmapped.sort((a, b) => b.count - a.count);
      for (const u of unmapped) ctx.say(`${u.source}  ${u.code}: ${u.count}`);
      if (!unmapped.length) ctx.say('every code is mapped');
      else ctx.say(`add them to ${CATEGORY_MAP_FILE} in the data directory`);
      ctx.result({ unmapped, total: unmapped.reduce((s, u) => s + u.count, 0) });
      return 0;
    } finally {
      db.close();
    }
  },
};
