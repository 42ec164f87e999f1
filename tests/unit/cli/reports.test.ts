import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src-main/cli/registry';
import { runCli } from '../../../src-main/cli/run-cli';
import { writeSeedExport } from '../../../src-main/simulator/seed-export';

async function cli(args: string[]): Promise<{ code: number; json: Record<string, unknown>; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, COMMANDS, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, json: JSON.parse(out.trimEnd().split('\n').at(-1) || '{}') as Record<string, unknown>, err };
}

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cc-reports-'));
  const file = join(dir, 'seed.json');
  writeSeedExport(file, { scale: 0.002 });
  // Two requests no mapping knows, stored as cm.other and listed.
  const odd = join(dir, 'odd.json');
  writeFileSync(odd, JSON.stringify([1, 2].map((i) => ({ service_request_id: `z${i}`, status: 'open', service_code: 'ZZ-7', service_name: 'Mystery', requested_datetime: '2021-07-02T10:00:00+08:00', lat: 27.73, long: 112.0 }))));
  expect((await cli(['import', file, odd, '--format', 'open311', '--data-dir', dir, '--json'])).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = async (file: string): Promise<ExcelJS.Workbook> => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
};
const rowsOf = (ws: ExcelJS.Worksheet): unknown[][] => {
  const out: unknown[][] = [];
  ws.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
  return out;
};

describe('XLSX exports and the monthly report', () => {
  it('exports incidents as XLSX with a sheet stating the range and the filter', async () => {
    const out = join(dir, 'cm.xlsx');
    const r = await cli(['export', '--format', 'xlsx', '--category', 'cm.*', '--from', '2021-07-01T00:00:00+08:00', '--out', out, '--data-dir', dir, '--json']);
    expect(r.code).toBe(0);
    expect(r.json.count).toBe(1966);
    const wb = await read(out);
    const about = Object.fromEntries(rowsOf(wb.getWorksheet('说明 About')!).map((x) => [x[0], x[1]]));
    expect(about['时间范围 Range (China time, from inclusive, to exclusive)']).toBe('2021-07-01 00:00 — 最新 latest');
    expect(String(about['类别 Categories'])).toContain('暴露垃圾 (cm.garbage)');
    expect(wb.getWorksheet('事件 Incidents')!.rowCount).toBe(1967);
  });

  it('writes the monthly report with one sheet per indicator group and the seed month’s closure rate', async () => {
    const out = join(dir, 'report.xlsx');
    const r = await cli(['report', '--month', '2021-07', '--category', 'cm.*', '--out', out, '--data-dir', dir, '--json']);
    expect(r.code).toBe(0);
    const wb = await read(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['说明 About', '受理与结案 Volume', '结案率 Rates', '时效 Timeliness', '分类 By category', '网格 By grid', '日趋势 By day', '流程 Case flow']);
    const volume = Object.fromEntries(rowsOf(wb.getWorksheet('受理与结案 Volume')!).map((x) => [x[0], x[1]]));
    expect(volume['受理数 Received']).toBe(1966);
    const rates = Object.fromEntries(rowsOf(wb.getWorksheet('结案率 Rates')!).map((x) => [x[0], x[1]]));
    expect(rates['结案率 Closure rate']).toBe(`${((1878 / 1966) * 100).toFixed(2)}%`);
    expect((await cli(['report', '--month', '2021-13', '--out', out, '--data-dir', dir])).code).toBe(2);
  });

  it('lists the service codes no mapping knows', async () => {
    const r = await cli(['categories', '--unmapped', '--data-dir', dir, '--json']);
    expect(r.json).toEqual({ unmapped: [{ source: 'import.open311', code: 'ZZ-7 / Mystery', count: 2 }], total: 2 });
    writeFileSync(join(dir, 'category-map.json'), JSON.stringify({ sources: { 'import.open311': { 'ZZ-7': 'cm.public-facility' } } }));
    expect((await cli(['categories', '--unmapped', '--data-dir', dir, '--json'])).json).toEqual({ unmapped: [], total: 0 });
    rmSync(join(dir, 'category-map.json'));
  });
});
