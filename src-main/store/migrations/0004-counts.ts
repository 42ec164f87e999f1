/**
 * 0004 — daily counts for aggregations over a million rows in milliseconds: one row per
 * (dimension, period, key, status); dimension `c` is the category, `g` the grid ('' outside every
 * grid), `s` the severity, by China Standard Time (UTC+8) day since 1970-01-01; `C`, `G`, `S` are
 * the same by month (year × 12 + month − 1) in column `day`. Aggregations add whole months, then
 * whole days, from here, and count the partial days at the ends of a range from `incidents`.
 *
 * Triggers keep the counts through updates and deletes. New incidents are counted by the
 * incident writer (through DailyCounts, daily-counts.ts), once per batch and key, in the same
 * transaction: a per-row trigger measured several times slower on ingest (docs/BENCHMARKS.md).
 * The incident writer is the only code that inserts incidents.
 */
export const name = 'counts';

const day = (t: string): string => `((${t}.reported_at + 28800000) / 86400000)`;
const local = (t: string): string => `(${t}.reported_at / 1000 + 28800), 'unixepoch'`;
const month = (t: string): string => `(CAST(strftime('%Y', ${local(t)}) AS INTEGER) * 12 + CAST(strftime('%m', ${local(t)}) AS INTEGER) - 1)`;
const add = (t: string, n: string): string =>
  [
    ['c', day(t), `${t}.category`],
    ['g', day(t), `coalesce(${t}.grid_id, '')`],
    ['s', day(t), `${t}.severity`],
    ['C', month(t), `${t}.category`],
    ['G', month(t), `coalesce(${t}.grid_id, '')`],
    ['S', month(t), `${t}.severity`],
  ]
    .map(
      ([dim, period, key]) =>
        `INSERT INTO incident_day_counts VALUES ('${dim}', ${period}, ${key}, ${t}.status, ${n}) ON CONFLICT DO UPDATE SET n = n + (${n});`,
    )
    .join('\n');

export const sql = `
CREATE TABLE incident_day_counts (
  dim     TEXT NOT NULL,
  day     INTEGER NOT NULL,
  key     TEXT NOT NULL,
  status  TEXT NOT NULL,
  n       INTEGER NOT NULL,
  PRIMARY KEY (dim, day, key, status)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER incidents_counts_update AFTER UPDATE OF category, grid_id, severity, status, reported_at ON incidents
WHEN (old.category, old.grid_id, old.severity, old.status, old.reported_at)
  IS NOT (new.category, new.grid_id, new.severity, new.status, new.reported_at)
BEGIN ${add('old', '-1')} ${add('new', '1')}
END;
CREATE TRIGGER incidents_counts_delete AFTER DELETE ON incidents BEGIN ${add('old', '-1')}
END;

INSERT INTO incident_day_counts
SELECT 'c', ${day('incidents')}, category, status, count(*) FROM incidents GROUP BY 2, 3, 4;
INSERT INTO incident_day_counts
SELECT 'g', ${day('incidents')}, coalesce(grid_id, ''), status, count(*) FROM incidents GROUP BY 2, 3, 4;
INSERT INTO incident_day_counts
SELECT 's', ${day('incidents')}, severity, status, count(*) FROM incidents GROUP BY 2, 3, 4;
INSERT INTO incident_day_counts
SELECT 'C', ${month('incidents')}, category, status, count(*) FROM incidents GROUP BY 2, 3, 4;
INSERT INTO incident_day_counts
SELECT 'G', ${month('incidents')}, coalesce(grid_id, ''), status, count(*) FROM incidents GROUP BY 2, 3, 4;
INSERT INTO incident_day_counts
SELECT 'S', ${month('incidents')}, severity, status, count(*) FROM incidents GROUP BY 2, 3, 4;
`;
