import ExcelJS from 'exceljs';
import { categoryInfo } from '@shared/domain/categories';
import { INDICATORS, STAGE_NAMES, type IndicatorValues } from '@shared/domain/indicators';
import type { Db } from '../store/database';
import { COLUMNS, fromRow, type IncidentRow } from '../store/incident-row';
import { IndicatorQueries, type IndicatorFilter, type IndicatorRange } from '../store/indicator-queries';

/**
 * XLSX files for analysts (exceljs): every file opens with a sheet stating the range and the
 * filters it was made with. Incident exports are streamed row by row (any size); the monthly
 * report (月度分析) has one sheet per indicator group and per breakdown.
 */

const TZ = 8 * 3_600_000;
/** A China-time timestamp as Excel shows it: 2021-07-01 08:00. */
export const chinaTime = (ms: number | null | undefined): string =>
  ms === null || ms === undefined ? '' : new Date(ms + TZ).toISOString().slice(0, 16).replace('T', ' ');

/** Text a spreadsheet would run as a formula is kept as text (feed data is hostile). */
const cell = (v: unknown): string | number => {
  if (typeof v === 'number') return v;
  const s = v === null || v === undefined ? '' : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};

export interface FileScope {
  title: string;
  range: IndicatorRange | { from?: number | undefined; to?: number | undefined };
  filter: IndicatorFilter;
  generatedAt: number;
}

/** The rows of the "说明 About" sheet: what the file is, its range and filters. */
export function scopeRows(s: FileScope): [string, string][] {
  const f = s.filter;
  const list = (x: readonly string[] | undefined, name?: (k: string) => string): string => (x?.length ? x.map((k) => (name ? `${name(k)} (${k})` : k)).join('、') : '全部 all');
  return [
    ['文件 File', s.title],
    ['时间范围 Range (China time, from inclusive, to exclusive)', `${s.range.from !== undefined && s.range.from > 0 ? chinaTime(s.range.from) : '最早 earliest'} — ${s.range.to !== undefined && s.range.to < Number.MAX_SAFE_INTEGER ? chinaTime(s.range.to) : '最新 latest'}`],
    ['类别 Categories', list(f.categories, (k) => categoryInfo(k)?.zh ?? k)],
    ['网格 Grids', list(f.grids)],
    ['来源 Sources', list(f.sources)],
    ['等级 Severities', list(f.severities)],
    ['生成时间 Generated', chinaTime(s.generatedAt)],
  ];
}

function addScopeSheet(wb: { addWorksheet(name: string): ExcelJS.Worksheet }, s: FileScope): ExcelJS.Worksheet {
  const ws = wb.addWorksheet('说明 About');
  ws.columns = [{ width: 48 }, { width: 80 }];
  for (const r of scopeRows(s)) ws.addRow(r);
  return ws;
}

const HEADER = ['编号 id', '来源 source', '来源编号 source_id', '类别代码 category', '类别 category_name', '等级 severity', '状态 status', '标题 title', '描述 description', '地址 address', '网格 grid_id', '经度 lon', '纬度 lat', '上报时间 reported_at', '更新时间 updated_at', '处置单位 unit', '时限 due_at'];

/** Incidents of a range and filter as XLSX, streamed to `file`; returns how many. */
export async function exportIncidentsXlsx(db: Db, file: string, scope: FileScope): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
  addScopeSheet(wb, scope).commit();
  const ws = wb.addWorksheet('事件 Incidents', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = HEADER.map((h) => ({ header: h, width: h.includes('description') ? 60 : 18 }));
  const where: string[] = ['reported_at >= ?', 'reported_at < ?'];
  const params: unknown[] = [scope.range.from ?? 0, scope.range.to ?? Number.MAX_SAFE_INTEGER];
  const any = (col: string, v: readonly string[] | undefined): void => {
    if (!v?.length) return;
    where.push(`${col} IN (${v.map(() => '?').join(', ')})`);
    params.push(...v);
  };
  any('category', scope.filter.categories);
  any("coalesce(grid_id, '')", scope.filter.grids);
  any('source', scope.filter.sources);
  any('severity', scope.filter.severities);
  let count = 0;
  for (const row of db.prepare(`SELECT ${COLUMNS} FROM incidents WHERE ${where.join(' AND ')} ORDER BY reported_at, id`).iterate(...params) as Iterable<IncidentRow>) {
    const i = fromRow(row);
    ws.addRow([i.id, i.source, i.sourceId, i.category, categoryInfo(i.category)?.zh ?? '', i.severity, i.status, i.title, i.description, i.address, i.gridId ?? '', i.lon, i.lat, chinaTime(i.reportedAt), chinaTime(i.updatedAt), i.unit ?? '', chinaTime(i.dueAt)].map(cell)).commit();
    count += 1;
  }
  ws.commit();
  await wb.commit();
  return count;
}

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);
const value = (v: number, unit: string): string | number => (unit === 'ratio' ? pct(v) : v);

/** The China-time calendar month `YYYY-MM` as a range. */
export function monthRange(month: string): IndicatorRange {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new RangeError(`--month must be YYYY-MM, got "${month}"`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return { from: Date.UTC(y, mo - 1, 1) - TZ, to: Date.UTC(y, mo, 1) - TZ };
}

/**
 * The monthly analysis report (月度分析): the scope sheet, then one sheet per indicator group
 * (volume, rates, timeliness with the time per stage), with 环比 and 同比, and the breakdowns by
 * category, grid, day and stage of the case flow.
 */
export async function writeMonthlyReport(db: Db, file: string, month: string, filter: IndicatorFilter, now: number): Promise<{ sheets: string[] }> {
  const wb = monthlyReport(db, month, filter, now);
  await wb.xlsx.writeFile(file);
  return { sheets: wb.worksheets.map((w) => w.name) };
}

/** The monthly analysis report as the bytes of an XLSX file (the Analysis view's download; the same workbook as `cli report`). */
export async function monthlyReportBytes(db: Db, month: string, filter: IndicatorFilter, now: number): Promise<Uint8Array> {
  return new Uint8Array(await monthlyReport(db, month, filter, now).xlsx.writeBuffer());
}

function monthlyReport(db: Db, month: string, filter: IndicatorFilter, now: number): ExcelJS.Workbook {
  const range = monthRange(month);
  const q = new IndicatorQueries(db);
  const report = q.report(range, filter, now);
  const wb = new ExcelJS.Workbook();
  wb.creator = '娄底市应急联动指挥中心';
  addScopeSheet(wb, { title: `${month} 月度分析 Monthly analysis`, range, filter, generatedAt: now });
  const about = wb.getWorksheet('说明 About')!;
  about.addRow(['环比 Previous period', `${chinaTime(report.previousRange.from)} — ${chinaTime(report.previousRange.to)}`]);
  about.addRow(['同比 Same period last year', `${chinaTime(report.lastYearRange.from)} — ${chinaTime(report.lastYearRange.to)}`]);
  about.addRow(['环比/同比 Changes', '数量为相对变化 (本期−上期)÷上期；比率为百分点差 counts: relative change; rates: difference in points']);

  const groups: [string, 'volume' | 'rates' | 'timeliness'][] = [
    ['受理与结案 Volume', 'volume'],
    ['结案率 Rates', 'rates'],
    ['时效 Timeliness', 'timeliness'],
  ];
  for (const [name, group] of groups) {
    const ws = wb.addWorksheet(name);
    ws.columns = [{ header: '指标 Indicator', width: 30 }, { header: '本期 This month', width: 16 }, { header: '上期 Previous', width: 16 }, { header: '环比 MoM', width: 12 }, { header: '去年同期 Last year', width: 18 }, { header: '同比 YoY', width: 12 }, { header: '公式 Formula', width: 60 }];
    ws.getRow(1).font = { bold: true };
    for (const d of INDICATORS.filter((x) => x.group === group)) {
      ws.addRow([`${d.zh} ${d.en}`, value(report.current[d.id], d.unit), value(report.previous[d.id], d.unit), pct(report.mom[d.id]), value(report.lastYear[d.id], d.unit), pct(report.yoy[d.id]), d.formula.zh]);
    }
    if (group === 'timeliness') {
      for (const [stage, n] of Object.entries(STAGE_NAMES)) {
        const a = report.current.avgStageMinutes[stage];
        ws.addRow([`${n.zh}（分钟） ${n.en} (min)`, a ?? '—', report.previous.avgStageMinutes[stage] ?? '—', '', report.lastYear.avgStageMinutes[stage] ?? '—', '', '该环节结束于本月的平均用时']);
      }
    }
  }
  const breakdown = (name: string, rows: { key: string; zh: string; values: IndicatorValues }[]): void => {
    const ws = wb.addWorksheet(name);
    ws.columns = [{ header: '代码 Code', width: 24 }, { header: '名称 Name', width: 24 }, ...INDICATORS.map((d) => ({ header: `${d.zh} ${d.en}`, width: 14 }))];
    ws.getRow(1).font = { bold: true };
    for (const r of rows) ws.addRow([r.key, r.zh, ...INDICATORS.map((d) => value(r.values[d.id], d.unit))]);
  };
  breakdown('分类 By category', q.byCategory(range, filter, now));
  breakdown('网格 By grid', q.byGrid(range, filter, now));
  const days = wb.addWorksheet('日趋势 By day');
  days.columns = [{ header: '日期 Day', width: 14 }, { header: '受理 Received', width: 14 }, { header: '结案 Closed', width: 14 }];
  for (const d of q.byTime(range, filter, 'day')) days.addRow([chinaTime(d.t).slice(0, 10), d.received, d.closed]);
  const flow = wb.addWorksheet('流程 Case flow');
  flow.columns = [{ header: '环节 Stage', width: 16 }, { header: '到达 Reached', width: 14 }, { header: '停留 Waiting', width: 14 }, { header: '超期 Overdue', width: 14 }];
  for (const f of q.funnel(range, filter, now)) flow.addRow([f.stage, f.reached, f.waiting, f.overdue]);
  return wb;
}
