import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BriefingDataSchema, briefingRoute } from '@shared/briefing/briefing';
import { dutyDayStart } from '@shared/domain/duty-day';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { IndicatorQueries } from '../../../src-main/store/indicator-queries';
import { BriefingService, type BriefingPrinter } from '../../../src-main/briefing/briefing-service';
import { incident, T0 } from '../store/fixtures';
import { sessionFixture } from '../../fixtures/session-summary';

let dir: string;
let db: Db;
let store: IncidentStore;
const NOW = T0 + 10 * 3_600_000; // 2026-07-01 10:00 China time

const service = (extra: Partial<ConstructorParameters<typeof BriefingService>[0]> = {}): BriefingService =>
  new BriefingService({ db, incidents: store, signals: () => ({ signals: [], computedAt: null, runMs: null }), operator: () => '李值班', now: () => NOW, ...extra });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-briefing-'));
  db = openDatabase(dir);
  store = new IncidentStore(db);
  // The night before 08:00 (previous duty day), and this morning's cases: one red, one closed.
  store.upsertMany(
    [
      incident(7 * 60 + 30, { severity: 'red' }),
      incident(8 * 60 + 5, { severity: 'red', title: '乐坪大道积水' }),
      incident(8 * 60 + 10, { status: 'closed' }),
      incident(9 * 60, { severity: 'orange', category: 'cm.garbage' }),
      incident(9 * 60 + 1),
    ].map((i) => ({ incident: i, raw: null })),
  );
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('briefing data', () => {
  it('covers the current duty day (08:00 to 08:00 China time) with the catalogue figures the Analysis view gets', async () => {
    const d = BriefingDataSchema.parse(await service().data({}));
    const day = { from: dutyDayStart(NOW), to: dutyDayStart(NOW) + 86_400_000 };
    expect(d.kind).toBe('duty');
    expect(d.range).toEqual(day);
    expect(d.responsible).toBe('李值班');
    expect(d.indicators).toEqual(new IndicatorQueries(db).report(day, {}, NOW));
    expect(d.indicators.current.received).toBe(4);
    expect(d.indicators.current.closed).toBe(1);
    expect(d.byCategory.map((r) => r.key).sort()).toEqual(['cm.garbage', 'gg.epidemic']);
    expect(d.bucket).toBe('hour');
    // The day's red and orange cases, newest first; the night before is another duty day.
    expect(d.pinned.map((p) => [p.severity, p.title])).toEqual([
      ['orange', '事件 540'],
      ['red', '乐坪大道积水'],
    ]);
    expect(d.session).toBeNull();
  });

  it('takes a session summary: its span, host, pinned incidents with notes, other pins and decisions', async () => {
    const started = T0 + 8 * 3_600_000;
    const s = service({ sessionSummary: (id) => (id === 'hs-20260701-01' ? sessionFixture(started, 'test:485') : undefined) });
    const d = BriefingDataSchema.parse(await s.data({ sessionId: 'hs-20260701-01' }));
    expect(d.kind).toBe('session');
    expect(d.range).toEqual({ from: started, to: started + 90 * 60_000 });
    expect(d.responsible).toBe('王指挥');
    // An incident no longer in the cache is left out rather than invented.
    expect(d.pinned.map((p) => [p.id, p.note])).toEqual([['test:485', '优先抽排，封闭下穿通道']]);
    expect(d.pinnedOther.map((p) => p.kind)).toEqual(['signal', 'alert']);
    expect(d.session?.decisions[0]?.text).toBe('调派两台抽水泵车赴乐坪大道');
    expect(d.session?.annotations.features).toHaveLength(2);
    await expect(s.data({ sessionId: 'nope' })).rejects.toThrow(/no consultation session nope/);
  });

  it('refuses a session where sessions are not available, and a range that ends before it starts', async () => {
    await expect(service().data({ sessionId: 'hs-1' })).rejects.toThrow(/consultation sessions are not available/);
    await expect(service().data({ from: NOW, to: NOW - 1 })).rejects.toThrow(/to must be after from/);
  });
});

describe('briefing PDF', () => {
  it('prints the page for the resolved range in the orientation asked for and names the file by duty date', async () => {
    const calls: [string, boolean][] = [];
    const printer: BriefingPrinter = async (route, o) => (calls.push([route, o.landscape]), new TextEncoder().encode('%PDF-1.7'));
    const pdf = await service({ printer }).pdf({ orientation: 'portrait' });
    const from = dutyDayStart(NOW);
    expect(calls).toEqual([[briefingRoute({ from, to: from + 86_400_000, orientation: 'portrait' }), false]]);
    expect(pdf.fileName).toBe('值班快报-2026-07-01.pdf');
    expect(Buffer.from(pdf.pdfBase64, 'base64').toString()).toBe('%PDF-1.7');
  });

  it('says so when the console has no printer', async () => {
    await expect(service().pdf({})).rejects.toThrow(/cannot print a briefing/);
  });
});
