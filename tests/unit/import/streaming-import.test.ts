import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { categoryByName } from '@shared/domain/category-names';
import { COMMANDS } from '../../../src-main/cli/registry';
import { runCli } from '../../../src-main/cli/run-cli';
import { CsvReader, readRecords } from '../../../src-main/import/record-reader';
import { CategoryClassifier, useFeedCategoryMap } from '../../../src-main/import/category-mapping';
import { normalizeOpen311 } from '../../../src-main/feeds/open311';
import { normalizeGridEvent } from '../../../src-main/feeds/grid-governance';
import { openDatabase } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { GridEventGenerator } from '../../../src-main/simulator/grid-events';

async function cli(args: string[]): Promise<{ code: number; json: Record<string, unknown>; err: string; out: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, COMMANDS, { out: (t) => (out += t), err: (t) => (err += t) });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(out.trimEnd().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return { code, json, err, out };
}

const request = (id: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  service_request_id: id,
  status: 'open',
  service_code: name,
  service_name: name,
  requested_datetime: '2021-07-01T10:00:00+08:00',
  lat: 27.7299,
  long: 112.0019,
  ...extra,
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-stream-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const categories = (): Record<string, string> => {
  const db = openDatabase(dir);
  try {
    const items = new IncidentStore(db).query({}, 1000, 0).items;
    return Object.fromEntries(items.map((i) => [i.sourceId, i.category]));
  } finally {
    db.close();
  }
};

describe('categories as the city names them', () => {
  it('finds the 11 grid-governance categories by their exact names, quotes or not', () => {
    expect(categoryByName('“娄底红”网格志愿服务')).toBe('gg.volunteer');
    expect(categoryByName('娄底红网格志愿服务')).toBe('gg.volunteer');
    expect(categoryByName('反电诈')).toBe('gg.anti-fraud');
    expect(categoryByName('物权纠纷')).toBe('gg.property');
    expect(categoryByName('劳动人事争议')).toBe('gg.labour');
    expect(categoryByName('土地及资源权属纠纷')).toBe('gg.land');
    expect(categoryByName('城乡建设发展纠纷')).toBe('gg.urban-construction');
    expect(categoryByName('其他')).toBe('gg.other');
    // 物业纠纷 (property management) is not 物权纠纷 (property rights).
    expect(categoryByName('物业纠纷')).toBeUndefined();
  });

  it('classifies Open311 requests named like a grid category there, uses the source mapping file, and lists unmapped codes', async () => {
    writeFileSync(join(dir, 'category-map.json'), JSON.stringify({ sources: { 'import.open311': { 'PH-01': 'cm.pavement' } } }));
    const file = join(dir, 'requests.ndjson');
    writeFileSync(
      file,
      [request('a', '反电诈'), request('b', '劳动人事争议'), request('c', 'PH-01'), request('d', 'XYZ-9'), request('e', 'XYZ-9'), request('f', '井盖')]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const r = await cli(['import', file, '--format', 'open311', '--data-dir', dir, '--json']);
    expect(r.json).toMatchObject({ accepted: 6, rejected: 0, unmappedTotal: 2, unmapped: { 'XYZ-9 / XYZ-9': 2 } });
    expect(categories()).toEqual({ a: 'gg.anti-fraud', b: 'gg.labour', c: 'cm.pavement', d: 'cm.other', e: 'cm.other', f: 'cm.manhole' });
  });

  it('classifies grid events sent with the category name instead of the code', async () => {
    const g = new GridEventGenerator(5, 'NM');
    const e = { ...g.next(Date.UTC(2026, 10, 28)).event, categoryCode: '防溺水' };
    const file = join(dir, 'events.json');
    writeFileSync(file, JSON.stringify({ events: [e] }));
    expect((await cli(['import', file, '--format', 'json', '--data-dir', dir, '--json'])).json).toMatchObject({ accepted: 1 });
    expect(Object.values(categories())).toEqual(['gg.drowning']);
  });

  it('applies the mapping to live feeds too (Open311 and the grid stream)', () => {
    useFeedCategoryMap(new CategoryClassifier({ sources: { 'city.o311': { 'X-1': 'gg.tort' }, '*': { 'G-9': 'gg.land' } } }));
    try {
      const o = normalizeOpen311('city.o311', request('x', 'X-1'), 'WGS84', Date.now());
      expect(o.ok && o.value.incident.category).toBe('gg.tort');
      const g = new GridEventGenerator(7, 'MAP').next(Date.UTC(2026, 10, 28)).event;
      const n = normalizeGridEvent('sim.grid', { ...g, categoryCode: 'G-9' }, Date.now());
      expect(n.ok && n.value.incident.category).toBe('gg.land');
    } finally {
      useFeedCategoryMap(new CategoryClassifier());
    }
  });

  it('refuses a mapping file that names a category the console does not have, storing nothing', async () => {
    writeFileSync(join(dir, 'category-map.json'), JSON.stringify({ sources: { '*': { A: 'gg.nonsense' } } }));
    const file = join(dir, 'r.json');
    writeFileSync(file, JSON.stringify([request('a', '反电诈')]));
    const r = await cli(['import', file, '--format', 'open311', '--data-dir', dir, '--json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('category-map.json: sources.*.A: not a category code');
  });
});

describe('streamed import files', () => {
  it('reads GeoJSON point features and CSV with quoted cells as Open311 requests', async () => {
    const geo = join(dir, 'requests.geojson');
    const { lat, long, ...props } = request('g1', '防溺水');
    writeFileSync(geo, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [long, lat] }, properties: props }] }));
    const csv = join(dir, 'requests.csv');
    writeFileSync(
      csv,
      '\ufeffservice_request_id,status,service_code,service_name,description,requested_datetime,lat,long\r\n' +
        'c1,closed,,邻里纠纷,"楼道""杂物"", 堆放\r\n第二行",2021-07-01T10:00:00+08:00,27.73,112.00\r\n' +
        'c2,open,,疫情防控\r\n',
    );
    const r = await cli(['import', geo, csv, '--format', 'open311', '--data-dir', dir, '--json']);
    expect(r.json).toMatchObject({ accepted: 2, rejected: 1 });
    expect((r.json.errors as { reason: string }[])[0]!.reason).toMatch(/row 3: 4 cells, the header has 8/);
    expect(categories()).toEqual({ g1: 'gg.drowning', c1: 'gg.neighbour' });
    const db = openDatabase(dir);
    expect(new IncidentStore(db).get('import.open311:c1')?.description).toBe('楼道"杂物", 堆放\r\n第二行');
    db.close();
  });

  it('keeps the records before a break in a JSON array and says where it broke', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, `[${JSON.stringify(request('ok1', '反电诈'))},${JSON.stringify(request('ok2', '反电诈'))},{"service_request_id": "x", oops`);
    const r = await cli(['import', file, '--format', 'open311', '--data-dir', dir, '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ accepted: 2 });
    expect(JSON.stringify(r.json.errors)).toContain('not JSON near byte');
  });

  it('yields records in bounded batches with the bytes read, and splits CSV across chunk edges', async () => {
    const file = join(dir, 'many.ndjson');
    writeFileSync(file, Array.from({ length: 5000 }, (_, i) => JSON.stringify({ i })).join('\n'));
    const sizes: number[] = [];
    let last = 0;
    for await (const b of readRecords(file)) {
      sizes.push(b.items.length);
      expect(b.bytes).toBeGreaterThanOrEqual(last);
      last = b.bytes;
    }
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(5000);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2000);

    const rows: Record<string, string>[] = [];
    const reader = new CsvReader((r) => rows.push(r), () => {});
    const text = 'a,b\r\n"x,1","y""z"\r\n2,3\n';
    for (const ch of text) reader.write(ch, false);
    reader.write('', true);
    expect(rows).toEqual([{ a: 'x,1', b: 'y"z' }, { a: '2', b: '3' }]);
  });

  it('prints progress on stderr for a large file', async () => {
    const file = join(dir, 'big.ndjson');
    const line = JSON.stringify(request('x', '反电诈', { description: '说明'.repeat(400) }));
    writeFileSync(file, Array.from({ length: 6000 }, (_, i) => line.replace('"x"', `"r${i}"`)).join('\n'));
    const r = await cli(['import', file, '--format', 'open311', '--data-dir', dir, '--json']);
    expect(r.json).toMatchObject({ accepted: 6000 });
    expect(r.err).toMatch(/big\.ndjson: 100% \(\d+ of \d+ MB\), 6000 records/);
  });
});
