import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OperationHandlers, PayloadOf } from '@shared/contract';
import { dispatch } from '@shared/dispatch';
import { FeedIngest } from '../../../src-main/feeds/feed-ingest';
import { AnalysisImportService } from '../../../src-main/import/import-service';
import { openDatabase, type Db } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { writeSeedExport } from '../../../src-main/simulator/seed-export';
import { stubHandlers } from '../fixtures/handler-stubs';

let dir: string;
let db: Db;
let ingest: FeedIngest;
let service: AnalysisImportService;
let events: PayloadOf<'importProgress'>[];
let waiters: (() => void)[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-import-svc-'));
  db = openDatabase(dir);
  ingest = new FeedIngest(db, new IncidentStore(db), { incidents: () => {}, alerts: () => {}, vehicles: () => {}, status: () => {} });
  events = [];
  waiters = [];
  service = new AnalysisImportService(db, ingest, dir, (p) => {
    events.push(p);
    for (const w of waiters.splice(0)) w();
  });
});
afterEach(() => {
  service.stop();
  ingest.dispose();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves at the job's last event (done, cancelled or failed). */
function ended(jobId: string): Promise<PayloadOf<'importProgress'>> {
  return new Promise((resolve) => {
    const check = (): void => {
      const last = events.find((e) => e.jobId === jobId && e.phase !== 'uploading' && e.phase !== 'importing');
      if (last) resolve(last);
      else waiters.push(check);
    };
    check();
  });
}

const handlers = (): OperationHandlers => stubHandlers(service.handlers);

describe('import through the contract', () => {
  it('uploads a file in chunks, imports it with progress events, reports the summary and removes the spool file', async () => {
    const file = join(dir, 'seed.json');
    writeSeedExport(file, { scale: 0.005 });
    const text = readFileSync(file, 'utf8');
    const begun = await dispatch(handlers(), 'cc:import:begin', { name: 'seed.json', size: Buffer.byteLength(text), format: 'open311' });
    if (!begun.ok) throw new Error(begun.error.message);
    const { jobId } = begun.value as { jobId: string };
    for (let i = 0; i < text.length; i += 100_000) {
      const r = await dispatch(handlers(), 'cc:import:chunk', { jobId, data: text.slice(i, i + 100_000) });
      expect(r.ok).toBe(true);
    }
    expect((await dispatch(handlers(), 'cc:import:finish', { jobId })).ok).toBe(true);
    const last = await ended(jobId);
    expect(last).toMatchObject({ phase: 'done', rejected: 0, duplicates: 0, unmapped: [] });
    expect(last.accepted).toBe(last.records);
    expect(events.some((e) => e.jobId === jobId && e.phase === 'importing')).toBe(true);
    expect(readdirSync(join(dir, 'imports'))).toEqual([]);

    const range = { from: 0, to: Date.parse('2030-01-01T00:00:00Z') };
    const report = await dispatch(handlers(), 'cc:analysis:indicators', { range, filter: { categories: ['cm.garbage', 'cm.vending', 'cm.parking', 'cm.manhole', 'cm.pavement', 'cm.street-light', 'cm.traffic-light', 'cm.advert', 'cm.construction', 'cm.greening', 'cm.public-facility'] } });
    expect(report.ok && report.value).toMatchObject({ current: { received: 1964, closed: 1878, closureRate: 0.9562 } });
    const byCategory = await dispatch(handlers(), 'cc:analysis:breakdown', { range, by: 'category' });
    expect(byCategory.ok && (byCategory.value as { key: string }[]).filter((r) => r.key.startsWith('gg.')).length).toBe(11);
    // Parts add up to the whole: by category and by grid, for every count.
    const whole = await dispatch(handlers(), 'cc:analysis:indicators', { range });
    const byGrid = await dispatch(handlers(), 'cc:analysis:breakdown', { range, by: 'grid' });
    for (const rows of [byCategory, byGrid]) {
      const list = (rows.ok ? rows.value : []) as { values: Record<string, number> }[];
      for (const id of ['received', 'registered', 'dispatched', 'closed', 'onTimeClosed', 'overdue', 'rework']) {
        expect(list.reduce((sum, r) => sum + r.values[id]!, 0), id).toBe(whole.ok && (whole.value as { current: Record<string, number> }).current[id]);
      }
    }
    const funnel = await dispatch(handlers(), 'cc:analysis:funnel', { range });
    expect(funnel.ok && (funnel.value as { stage: string; reached: number }[]).at(-1)).toMatchObject({ stage: 'closed' });
    const series = await dispatch(handlers(), 'cc:analysis:series', { range, bucket: 'month' });
    const months = series.ok ? (series.value as { received: number }[]) : [];
    expect(months.reduce((s, m) => s + m.received, 0)).toBe(last.accepted);
  });

  it('cancels an upload and removes what was spooled; refuses a path as a name', async () => {
    const begun = await dispatch(handlers(), 'cc:import:begin', { name: 'a.ndjson', size: 100, format: 'open311' });
    const { jobId } = (begun.ok ? begun.value : { jobId: '' }) as { jobId: string };
    await dispatch(handlers(), 'cc:import:chunk', { jobId, data: '{"a":1}\n' });
    expect(existsSync(join(dir, 'imports', `${jobId}.ndjson`))).toBe(true);
    await dispatch(handlers(), 'cc:import:cancel', { jobId });
    expect((await ended(jobId)).phase).toBe('cancelled');
    expect(existsSync(join(dir, 'imports', `${jobId}.ndjson`))).toBe(false);
    const bad = await dispatch(handlers(), 'cc:import:begin', { name: '../../etc/passwd', size: 1, format: 'json' });
    expect(bad.ok).toBe(false);
  });
});
