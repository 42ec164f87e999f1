import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { categoryInfo } from '@shared/domain/categories';
import { openCache } from '../open-cache';
import { COLUMNS, fromRow, type IncidentRow } from '../../store/incident-row';
import { exportIncidentsXlsx } from '../../reports/xlsx';
import { CliUsageError, type CliCommand, type CliContext } from '../command';
import { categoryFlag, timeFlag } from './stats';

const CSV_HEADER = [
  'id', 'source', 'source_id', 'category', 'category_name', 'severity', 'status', 'title', 'description', 'address',
  'grid_id', 'lon', 'lat', 'orig_lon', 'orig_lat', 'orig_datum', 'reported_at', 'updated_at', 'unit', 'due_at',
];

/**
 * One CSV cell (RFC 4180). Feed text is hostile: a cell that a spreadsheet would run as a formula
 * (= + - @, tab, CR) is prefixed with an apostrophe.
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const iso = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '' : new Date(ms).toISOString());

/** `export --format xlsx --out FILE`: a sheet stating the range and filters, then the incidents, streamed. */
async function exportXlsx(ctx: CliContext, values: Record<string, unknown>): Promise<number> {
  const out = values.out as string | undefined;
  if (!out) throw new CliUsageError('--format xlsx needs --out FILE.xlsx');
  const range = { from: timeFlag(values.from, 'from'), to: timeFlag(values.to, 'to') };
  const categories = categoryFlag(values.category);
  const filter = categories ? { categories } : {};
  const db = openCache(ctx);
  try {
    const count = await exportIncidentsXlsx(db, out, { title: '事件导出 Incidents', range, filter, generatedAt: Date.now() });
    ctx.result({ format: 'xlsx', file: out, count, range, filter });
    return 0;
  } finally {
    db.close();
  }
}

/** `export --format csv|geojson [--out FILE]`: every incident (or a time range), streamed. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export incidents as CSV (UTF-8, opens in Excel), GeoJSON or XLSX (with its range and filters)',
  usage: 'export --format csv|geojson|xlsx [--out FILE] [--from ISO] [--to ISO] [--category CODE,…|cm.*] [--data-dir DIR] [--json]',
  options: { format: { type: 'string' }, out: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, category: { type: 'string' } },
  run(ctx, values) {
    const format = values.format as string | undefined;
    if (format === 'xlsx') return exportXlsx(ctx, values);
    if (format !== 'csv' && format !== 'geojson') throw new CliUsageError('--format must be csv, geojson or xlsx');
    const out = values.out as string | undefined;
    if (!out && ctx.json) throw new CliUsageError('--json needs --out FILE (the export itself would be the output)');
    const from = timeFlag(values.from, 'from') ?? 0;
    const to = timeFlag(values.to, 'to') ?? Number.MAX_SAFE_INTEGER;
    const db = openCache(ctx);
    // Written beside the target and renamed at the end: a failure never leaves a partial file
    // (nor clobbers an earlier export of the same name).
    const temp = out ? join(dirname(out), `.${basename(out)}.${process.pid}-${randomBytes(4).toString('hex')}.part`) : undefined;
    let fd: number;
    try {
      fd = temp ? openSync(temp, 'wx', 0o644) : 1;
    } catch (err) {
      db.close();
      throw err;
    }
    let done = false;
    let buffer = '';
    const write = (s: string): void => {
      buffer += s;
      if (buffer.length > 1 << 16) {
        writeSync(fd, buffer);
        buffer = '';
      }
    };
    let count = 0;
    try {
      const rows = db
        .prepare(`SELECT ${COLUMNS} FROM incidents WHERE reported_at >= ? AND reported_at < ? ORDER BY reported_at, id`)
        .iterate(from, to) as Iterable<IncidentRow>;
      if (format === 'csv') write(`\ufeff${CSV_HEADER.join(',')}\r\n`);
      else write('{"type":"FeatureCollection","features":[\n');
      for (const row of rows) {
        const i = fromRow(row);
        if (format === 'csv') {
          const cells = [
            i.id, i.source, i.sourceId, i.category, categoryInfo(i.category)?.zh ?? '', i.severity, i.status, i.title, i.description,
            i.address, i.gridId, i.lon, i.lat, i.original.lon, i.original.lat, i.original.datum, iso(i.reportedAt), iso(i.updatedAt),
            i.unit, iso(i.dueAt),
          ];
          write(`${cells.map(csvCell).join(',')}\r\n`);
        } else {
          const { lon, lat, ...properties } = i;
          const feature = { type: 'Feature', id: i.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties };
          write(`${count ? ',\n' : ''}${JSON.stringify(feature)}`);
        }
        count += 1;
      }
      if (format === 'geojson') write('\n]}\n');
      if (buffer) writeSync(fd, buffer);
      if (temp) fsyncSync(fd);
      done = true;
    } finally {
      if (temp) {
        closeSync(fd);
        if (done) renameSync(temp, out!);
        else rmSync(temp, { force: true });
      }
      db.close();
    }
    if (out) ctx.result({ format, file: out, count });
    return 0;
  },
};
