import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCapAlert } from '../../../src-main/feeds/cap';
import { normalizeGridEvent } from '../../../src-main/feeds/grid-governance';
import { normalizeOpen311 } from '../../../src-main/feeds/open311';
import { COMMANDS } from '../../../src-main/cli/registry';
import { runCli } from '../../../src-main/cli/run-cli';
import { migrate } from '../../../src-main/store/database';
import { GridEventGenerator } from '../../../src-main/simulator/grid-events';
import { capXml } from './cap-fixtures';

const NOW = Date.parse('2026-11-28T03:00:00Z');
const event = new GridEventGenerator(5, 'FUT').next(NOW - 60_000).event;
const request = {
  service_request_id: '1', status: 'open', service_code: 'pothole', service_name: 'Potholes',
  requested_datetime: '2026-11-28T10:00:00+08:00', updated_datetime: '2026-11-28T10:05:00+08:00', lat: 27.7299, long: 112.0019,
};
const FAR = ['3000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2027-06-01T00:00:00+08:00'];

async function cli(args: string[]): Promise<{ code: number; out: string; err: string; json: Record<string, unknown> }> {
  let out = '';
  let err = '';
  const code = await runCli(args, COMMANDS, { out: (t) => (out += t), err: (t) => (err += t) });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(out.trimEnd().split('\n').at(-1) ?? '') as Record<string, unknown>;
  } catch {
    // no JSON line
  }
  return { code, out, err, json };
}

describe('times in the future', () => {
  it('refuses a grid event reported far in the future, with the reason; allows a little clock skew', () => {
    for (const t of FAR) {
      const r = normalizeGridEvent('g', { ...event, reportTime: t }, NOW);
      expect(r, t).toMatchObject({ ok: false, reason: expect.stringMatching(/^reportTime: .* is more than 24 h in the future$/) });
    }
    expect(normalizeGridEvent('g', { ...event, reportTime: new Date(NOW + 3600_000).toISOString() }, NOW).ok).toBe(true);
    // The skew is configurable (feeds.json maxFutureSkewMs).
    expect(normalizeGridEvent('g', { ...event, reportTime: new Date(NOW + 3600_000).toISOString() }, NOW, undefined, 60_000).ok).toBe(false);
  });

  it('refuses an Open311 request created or updated far in the future', () => {
    expect(normalizeOpen311('cm', { ...request, requested_datetime: '9999-01-01T00:00:00Z', updated_datetime: null }, 'WGS84', NOW)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('requested_datetime: 9999-01-01'),
    });
    expect(normalizeOpen311('cm', { ...request, updated_datetime: '3000-01-01T00:00:00Z' }, 'WGS84', NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('updated_datetime') });
    expect(normalizeOpen311('cm', { ...request, requested_datetime: '+275760-09-13T00:00:00Z', updated_datetime: null }, 'WGS84', NOW)).toMatchObject({ ok: false });
    expect(normalizeOpen311('cm', request, 'WGS84', NOW).ok).toBe(true);
  });

  it('refuses a CAP alert sent in the future, and one expiring absurdly far after it was sent (year 9999)', () => {
    expect(parseCapAlert(capXml({ sent: '9999-12-31T00:00:00+08:00' }), 'cap', NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/^sent: /) });
    const forever = capXml({ infos: '<info><event>暴雨</event><severity>Severe</severity><expires>9999-12-31T23:59:59+08:00</expires></info>' });
    expect(parseCapAlert(forever, 'cap', NOW)).toMatchObject({ ok: false, reason: 'info expires is more than 31 days after sent' });
    const week = capXml({ infos: '<info><event>暴雨</event><severity>Severe</severity><expires>2026-12-05T10:00:00+08:00</expires></info>' });
    expect(parseCapAlert(week, 'cap', NOW).ok).toBe(true);
  });
});

describe('cli with far-future dates', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cc-future-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('ingest quarantines far-future events with the reason; --max-future-hours sets the skew', async () => {
    const g = new GridEventGenerator(6, 'F');
    const ok = g.next(Date.now() - 60_000).event;
    const soon = { ...g.next(Date.now()).event, reportTime: new Date(Date.now() + 2 * 3600_000).toISOString() };
    const far = FAR.map((t) => ({ ...g.next(Date.now()).event, reportTime: t }));
    const file = join(dir, 'events.json');
    writeFileSync(file, JSON.stringify([ok, soon, ...far]));
    const r = await cli(['ingest', file, '--format', 'json', '--data-dir', dir, '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ accepted: 2, rejected: 3 });
    expect((r.json.errors as { reason: string }[]).every((e) => /reportTime: .* in the future/.test(e.reason))).toBe(true);
    const strict = join(dir, 'soon.json');
    writeFileSync(strict, JSON.stringify([{ ...soon, eventId: 'soon-2' }]));
    expect((await cli(['ingest', strict, '--format', 'json', '--max-future-hours', '1', '--data-dir', dir, '--json'])).json).toMatchObject({ accepted: 0, rejected: 1 });
    // And export works: nothing stored has a date it cannot write.
    const out = join(dir, 'all.csv');
    expect((await cli(['export', '--format', 'csv', '--out', out, '--data-dir', dir])).code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\r\n')).toHaveLength(3);
  });

  it('export never leaves a partial file: on failure the earlier export is untouched and no temp file remains', async () => {
    const g = new GridEventGenerator(7, 'X');
    const file = join(dir, 'events.json');
    writeFileSync(file, JSON.stringify(Array.from({ length: 3000 }, (_, i) => g.next(Date.now() - 86_400_000 + i * 1000).event)));
    expect((await cli(['ingest', file, '--format', 'json', '--data-dir', dir])).code).toBe(0);
    const out = join(dir, 'export.geojson');
    writeFileSync(out, 'the earlier export');
    // A row stored before this rule (or by hand) with a date no Date can hold: writing it fails midway.
    // (A connection that writes the cache passes through migrate, which gives it the roll-up's on-time function.)
    const db = new Database(join(dir, 'console.sqlite'));
    migrate(db);
    db.prepare('UPDATE incidents SET updated_at = 9000000000000000 WHERE id = (SELECT id FROM incidents ORDER BY reported_at DESC LIMIT 1)').run();
    db.close();
    const r = await cli(['export', '--format', 'csv', '--out', out, '--data-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Invalid time value/);
    expect(readFileSync(out, 'utf8')).toBe('the earlier export');
    expect(readdirSync(dir).filter((n) => n.includes('.part'))).toEqual([]);
    const fresh = join(dir, 'fresh.csv');
    expect((await cli(['export', '--format', 'csv', '--out', fresh, '--data-dir', dir])).code).toBe(1);
    expect(existsSync(fresh)).toBe(false);
  });
});
