import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src-main/cli/registry';
import { runCli } from '../../../src-main/cli/run-cli';
import { csvCell } from '../../../src-main/cli/commands/export';
import { openDatabase } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { T0, incident } from '../store/fixtures';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string; last: unknown }> {
  let out = '';
  let err = '';
  const code = await runCli(args, COMMANDS, { out: (t) => (out += t), err: (t) => (err += t) });
  const lastLine = out.trimEnd().split('\n').at(-1) ?? '';
  let last: unknown;
  try {
    last = JSON.parse(lastLine);
  } catch {
    last = undefined;
  }
  return { code, out, err, last };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-cli-cases-'));
  const db = openDatabase(dir);
  new IncidentStore(db).upsertMany([
    { incident: incident(1, { title: '井盖缺失', status: 'closed', category: 'cm.manhole' }), raw: null },
    { incident: incident(2, { title: '=HYPERLINK("http://x")', status: 'handling' }), raw: null },
    { incident: incident(3, { title: '路灯故障, "夜间"', status: 'rejected', category: 'cm.street-light', reportedAt: T0 + 2 * 86_400_000 }), raw: null },
  ]);
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('case commands', () => {
  it('stats prints counts and the closure rate as one JSON object', async () => {
    const r = await cli(['stats', '--data-dir', dir, '--json']);
    expect(r.code).toBe(0);
    expect(r.last).toMatchObject({
      total: 3,
      byCategory: { 'cm.manhole': 1, 'gg.epidemic': 1, 'cm.street-light': 1 },
      byStatus: { closed: 1, handling: 1, rejected: 1 },
      accepted: 2,
      closed: 1,
      closureRate: 0.5,
    });
    const ranged = await cli(['stats', '--data-dir', dir, '--json', '--from', new Date(T0).toISOString(), '--to', new Date(T0 + 86_400_000).toISOString()]);
    expect(ranged.last).toMatchObject({ total: 2 });
    expect((await cli(['stats', '--data-dir', dir, '--from', 'yesterday'])).code).toBe(2);
  });

  it('search finds Chinese text', async () => {
    const r = await cli(['search', '路灯', '--data-dir', dir, '--json']);
    expect(r.last).toEqual({ total: 1, hits: [expect.objectContaining({ id: 'test:3', title: '路灯故障, "夜间"' })] });
    expect((await cli(['search', '井盖', '--data-dir', dir, '--json'])).last).toMatchObject({ total: 3 });
    expect((await cli(['search', '--data-dir', dir])).code).toBe(2);
  });

  it('exports CSV that a spreadsheet opens safely, and GeoJSON points', async () => {
    const csv = join(dir, 'out.csv');
    const r = await cli(['export', '--format', 'csv', '--out', csv, '--data-dir', dir, '--json']);
    expect(r.last).toEqual({ format: 'csv', file: csv, count: 3 });
    const text = readFileSync(csv, 'utf8');
    expect(text.startsWith('\ufeffid,source')).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain('"路灯故障, ""夜间"""');
    const geo = join(dir, 'out.geojson');
    await cli(['export', '--format', 'geojson', '--out', geo, '--data-dir', dir]);
    const fc = JSON.parse(readFileSync(geo, 'utf8'));
    expect(fc.features).toHaveLength(3);
    expect(fc.features[0]).toMatchObject({ type: 'Feature', geometry: { type: 'Point', coordinates: [112, 27.73] } });
    expect((await cli(['export', '--format', 'xlsx', '--data-dir', dir])).code).toBe(2);
    expect(csvCell(-5)).toBe('-5');
  });

  it('case-clock shows the limits and sets one, moving open deadlines', async () => {
    const shown = await cli(['case-clock', '--data-dir', dir, '--json']);
    expect((shown.last as { limits: unknown[] }).limits).toContainEqual({ category: 'em.*', stage: 'reported', minutes: 5 });
    const set = await cli(['case-clock', '--set', 'gg.*:handling=90', '--data-dir', dir, '--json']);
    expect((set.last as { limits: unknown[] }).limits).toContainEqual({ category: 'gg.*', stage: 'handling', minutes: 90 });
    const db = openDatabase(dir);
    try {
      expect(new IncidentStore(db).get('test:2')!.dueAt).toBe(new IncidentStore(db).get('test:2')!.stageEnteredAt! + 90 * 60_000);
    } finally {
      db.close();
    }
    expect((await cli(['case-clock', '--set', 'gg.*:closed=5', '--data-dir', dir])).code).toBe(2);
  });

  it('archive moves ended cases to a file and says how many', async () => {
    const file = join(dir, 'a.jsonl.gz');
    const r = await cli(['archive', '--before', new Date(T0 + 86_400_000).toISOString(), '--out', file, '--data-dir', dir, '--json']);
    expect(r.last).toMatchObject({ incidents: 1, file });
    expect((await cli(['stats', '--data-dir', dir, '--json'])).last).toMatchObject({ total: 2 });
  });
});
