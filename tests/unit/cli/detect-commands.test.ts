import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src-main/cli/registry';
import { runCli } from '../../../src-main/cli/run-cli';
import { openDatabase } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { LOUDI_GRIDS } from '@shared/geo/grids';
import { mulberry32, poisson } from '@shared/prng';
import { SignalSchema } from '@shared/detect/signal';
import { incident } from '../store/fixtures';

async function cli(args: string[]): Promise<{ code: number; err: string; last: unknown }> {
  let out = '';
  let err = '';
  const code = await runCli(args, COMMANDS, { out: (t) => (out += t), err: (t) => (err += t) });
  let last: unknown;
  try {
    last = JSON.parse(out.trimEnd().split('\n').at(-1) ?? '');
  } catch {
    last = undefined;
  }
  return { code, err, last };
}

interface Reference {
  series: { name: string; counts: number[]; ears: { method: string; alpha: number | null; minSigma: number; baseline: number; firstIndex: number; upperbound: number[]; alarm: boolean[] }[] }[];
}

let dir: string;
const DAY = 86_400_000;
const START = Date.parse('2026-05-01T09:00:00+08:00');
const CLUSTER_GRID = LOUDI_GRIDS[19]!;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-cli-detect-'));
  // 60 days of neighbour disputes, about one a day in every grid; on the last two days twelve
  // more a day in one grid.
  const rnd = mulberry32(42);
  const rows = [];
  let n = 0;
  for (let d = 0; d < 60; d++) {
    for (const grid of LOUDI_GRIDS) {
      const extra = grid === CLUSTER_GRID && d >= 58 ? 12 : 0;
      for (let k = poisson(rnd, 1) + extra; k > 0; k--) {
        n += 1;
        const at = START + d * DAY + k * 60_000;
        rows.push({ incident: incident(n, { category: 'gg.neighbour', gridId: grid.id, lon: grid.center[0], lat: grid.center[1], reportedAt: at, updatedAt: at }), raw: null });
      }
    }
  }
  const db = openDatabase(dir);
  new IncidentStore(db).upsertMany(rows);
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('aberration', () => {
  const reference = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/detect/reference.json'), 'utf8')) as Reference;
  const series = reference.series.find((s) => s.name === 'outbreak')!;
  const c1 = series.ears.find((e) => e.method === 'C1' && e.alpha === null && e.baseline === 7)!;

  it('prints one point per evaluable day with R’s EARS C1 bounds and alarms', async () => {
    const file = join(dir, 'counts.json');
    writeFileSync(file, JSON.stringify(series.counts.map((count, i) => ({ date: new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10), count }))));
    const r = await cli(['aberration', '--method', 'ears-c1', '--input', file, '--json']);
    expect(r.code).toBe(0);
    const out = r.last as { method: string; points: { date: string; observed: number; expected: number; upperbound: number; alarm: boolean }[] };
    expect(out.method).toBe('ears-c1');
    expect(out.points).toHaveLength(series.counts.length - 7);
    expect(out.points[0]!.date).toBe('2026-01-08');
    out.points.forEach((p, i) => {
      expect(Math.abs(p.upperbound - c1.upperbound[i]!)).toBeLessThan(1e-6);
      expect(p.alarm).toBe(c1.alarm[i]);
    });
    expect(out.points.some((p) => p.alarm)).toBe(true);
  });

  it('every temporal method runs on the same file; the EWMA starts after its 7-day baseline and guard band', async () => {
    const file = join(dir, 'counts.json');
    for (const method of ['ears-c2', 'ears-c3', 'ewma', 'cusum']) {
      const r = await cli(['aberration', '--method', method, '--input', file, '--json']);
      expect(r.code).toBe(0);
      expect((r.last as { points: unknown[] }).points.length).toBeGreaterThan(40);
    }
    const ewma = (await cli(['aberration', '--method', 'ewma', '--input', file, '--json'])).last as { points: { date: string }[] };
    expect(ewma.points[0]!.date).toBe('2026-01-10');
  });

  it('refuses an unknown method, a malformed file and a date given twice, with a clear message', async () => {
    const bad = join(dir, 'bad.json');
    expect((await cli(['aberration', '--method', 'farrington', '--input', bad])).err).toMatch(/--method must be one of/);
    writeFileSync(bad, JSON.stringify([{ date: '2026-01-01', count: -1 }]));
    const negative = await cli(['aberration', '--method', 'ears-c1', '--input', bad]);
    expect(negative.code).toBe(2);
    expect(negative.err).toMatch(/count/);
    writeFileSync(bad, JSON.stringify([{ date: '2026-01-01', count: 1 }, { date: '2026-01-01', count: 2 }]));
    expect((await cli(['aberration', '--method', 'ears-c1', '--input', bad])).err).toMatch(/appears twice/);
    writeFileSync(bad, JSON.stringify([{ date: '2026-02-30', count: 1 }]));
    expect((await cli(['aberration', '--method', 'ears-c1', '--input', bad])).err).toMatch(/not a calendar day/);
  });
});

describe('signals', () => {
  it('finds the planted cluster with the scan, in its grid, with its recurrence interval', async () => {
    const r = await cli(['signals', '--from', '2026-06-25', '--data-dir', dir, '--json']);
    expect(r.code).toBe(0);
    const { signals } = r.last as { signals: unknown[] };
    const parsed = signals.map((s) => SignalSchema.parse(s));
    const scan = parsed.filter((s) => s.method === 'scan');
    expect(scan).toHaveLength(1);
    expect(scan[0]).toMatchObject({ category: 'gg.neighbour', end: '2026-06-29' });
    expect(scan[0]!.grids).toContain(CLUSTER_GRID.id);
    expect(scan[0]!.recurrenceDays).toBeGreaterThanOrEqual(250);
    expect(scan[0]!.observed).toBeGreaterThan(scan[0]!.expected * 2);
    // The temporal methods see the same grid's series jump.
    expect(parsed.some((s) => s.method === 'ewma' && s.grids.includes(CLUSTER_GRID.id) && s.end === '2026-06-29')).toBe(true);
  });

  it('refuses a --to before --from', async () => {
    expect((await cli(['signals', '--from', '2026-06-25', '--to', '2026-06-01', '--data-dir', dir])).code).toBe(2);
  });
});
