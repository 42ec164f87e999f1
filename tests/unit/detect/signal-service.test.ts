import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Incident } from '@shared/domain/incident';
import { LOUDI_GRIDS } from '@shared/geo/grids';
import { chinaDayStart, dayFromNumber, dayNumber } from '@shared/detect/days';
import type { SignalsState } from '@shared/detect/signal';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { SignalService } from '../../../src-main/detect/signal-service';

const LAST_DAY = '2026-07-20';
const PLANTED_GRID = LOUDI_GRIDS[0]!;
let n = 0;

function incident(day: string, gridIndex: number, hour: number): Incident {
  n += 1;
  const g = LOUDI_GRIDS[gridIndex]!;
  const t = chinaDayStart(day) + hour * 3_600_000 + n;
  return {
    id: `test:${n}`,
    source: 'test',
    sourceId: String(n),
    category: 'gg.neighbour',
    severity: 'blue',
    status: 'reported',
    title: `邻里纠纷 ${n}`,
    description: '',
    lon: g.center[0],
    lat: g.center[1],
    original: { lon: g.center[0], lat: g.center[1], datum: 'WGS84' },
    gridId: g.id,
    address: '',
    reportedAt: t,
    updatedAt: t,
    unit: null,
  };
}

/** 45 days of a steady 0–2 events a day in ten grids; `planted` more in the first grid on the last day. */
function history(planted: number): Incident[] {
  const out: Incident[] = [];
  const last = dayNumber(LAST_DAY);
  for (let d = last - 44; d <= last; d++) {
    for (let g = 0; g < 10; g++) for (let k = 0; k < (d * 7 + g * 3) % 3; k++) out.push(incident(dayFromNumber(d), g, 9 + k));
  }
  for (let k = 0; k < planted; k++) out.push(incident(LAST_DAY, 0, 8 + (k % 12)));
  return out;
}

let dir: string;
let db: Db;
let pushed: SignalsState[];
let service: SignalService;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-signal-service-'));
  db = openDatabase(dir);
  pushed = [];
  service = new SignalService({
    db,
    dataDir: dir,
    actor: () => '研判员李四',
    changed: (s) => pushed.push(s),
    now: () => chinaDayStart(LAST_DAY) + 20 * 3_600_000,
  });
});
afterEach(async () => {
  await service.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('signal service', () => {
  it('raises a planted cluster with its grid, pushes it, and draws its series with the alarm day', async () => {
    new IncidentStore(db).upsertMany(history(20).map((incident) => ({ incident, raw: {} })));
    const state = await service.runNow();
    expect(pushed).toHaveLength(1);
    const inGrid = state.signals.filter((s) => s.grids.includes(PLANTED_GRID.id) && s.category === 'gg.neighbour');
    expect(inGrid.length).toBeGreaterThan(0);
    expect(inGrid.map((s) => s.method)).toEqual(expect.arrayContaining(['ears-c1', 'scan']));
    const c1 = inGrid.find((s) => s.method === 'ears-c1')!;
    expect(c1.end).toBe(LAST_DAY);
    expect(c1.observed).toBeGreaterThanOrEqual(20);
    const series = service.series(c1.id);
    expect(series.points.at(-1)).toEqual(expect.objectContaining({ date: LAST_DAY, alarm: true }));
    expect(series.points.at(-1)!.observed).toBe(c1.observed);
    expect(series.points.filter((p) => p.alarm)).toHaveLength(1);
    expect(series.points.at(-2)!.expected).not.toBeNull();
  });

  it('raises nothing in the planted grid without the cluster', async () => {
    new IncidentStore(db).upsertMany(history(0).map((incident) => ({ incident, raw: {} })));
    const state = await service.runNow();
    expect(state.signals.filter((s) => s.grids.includes(PLANTED_GRID.id) && s.method === 'ears-c1')).toEqual([]);
  });

  it('does not call a category the cache has only just begun to receive an outbreak', async () => {
    const recent = history(0).filter((i) => i.reportedAt >= chinaDayStart(dayFromNumber(dayNumber(LAST_DAY) - 3)));
    new IncidentStore(db).upsertMany(recent.map((incident) => ({ incident, raw: {} })));
    expect((await service.runNow()).signals).toEqual([]);
  });

  it('records acknowledge and escalate with who, when and why; a dismissed cluster does not come back', async () => {
    new IncidentStore(db).upsertMany(history(20).map((incident) => ({ incident, raw: {} })));
    const { signals } = await service.runNow();
    const [first, second] = signals;
    const acked = await service.handlers.acknowledgeSignal({ signalId: first!.id });
    expect(acked.state).toBe('acknowledged');
    expect(acked.history).toEqual([expect.objectContaining({ action: 'acknowledge', actor: '研判员李四', at: chinaDayStart(LAST_DAY) + 20 * 3_600_000 })]);
    const escalated = await service.handlers.escalateSignal({ signalId: first!.id, reason: '立案处置' });
    expect(escalated.history.map((h) => h.action)).toEqual(['acknowledge', 'escalate']);
    await service.handlers.dismissSignal({ signalId: second!.id, reason: '拆迁公告后的集中反映，已知' });
    expect(pushed.at(-1)!.signals.map((s) => s.id)).not.toContain(second!.id);
    const again = await service.runNow();
    expect(again.signals.map((s) => s.id)).not.toContain(second!.id);
    expect(again.signals.find((s) => s.id === first!.id)?.state).toBe('escalated');
  });

  it('refuses an action on a signal that does not exist, naming it', async () => {
    await expect(async () => service.handlers.acknowledgeSignal({ signalId: 'nope' })).rejects.toThrow(/no signal nope/);
  });
});
