import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src-main/cli/registry';
import { runCli } from '../../../src-main/cli/run-cli';
import { GridEventGenerator } from '../../../src-main/simulator/grid-events';
import { CapWarnings } from '../../../src-main/simulator/cap-warnings';
import { capXml } from '../feeds/cap-fixtures';

async function cli(args: string[]): Promise<{ code: number; out: string; err: string; json: unknown }> {
  let out = '';
  let err = '';
  const code = await runCli(args, COMMANDS, { out: (t) => (out += t), err: (t) => (err += t) });
  const last = out.trimEnd().split('\n').at(-1) ?? '';
  let json: unknown;
  try {
    json = JSON.parse(last);
  } catch {
    json = undefined;
  }
  return { code, out, err, json };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-ingest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ingest / import', () => {
  it('imports grid events, and the same file again adds nothing (idempotent)', async () => {
    const g = new GridEventGenerator(3, 'IMP');
    const events = Array.from({ length: 40 }, (_, i) => g.next(Date.UTC(2026, 10, 28) + i * 60_000).event);
    const file = join(dir, 'events.json');
    writeFileSync(file, JSON.stringify([...events, { eventId: 'broken' }]));
    const first = await cli(['ingest', file, '--format', 'json', '--data-dir', dir, '--json']);
    expect(first.code).toBe(0);
    expect(first.json).toEqual({ accepted: 40, rejected: 1, duplicates: 0, errors: [{ file, reason: expect.stringContaining('categoryCode') }], unmapped: {}, unmappedTotal: 0 });
    const again = await cli(['import', file, '--format', 'json', '--data-dir', dir, '--json']);
    expect(again.json).toMatchObject({ accepted: 0, rejected: 1, duplicates: 40 });
    const info = await cli(['info', '--data-dir', dir, '--json']);
    expect(info.json).toMatchObject({ incidents: 40, searchIndex: { pending: 40 } });
    // A search brings the index up to date on the command line's own thread.
    const found = await cli(['search', events[0]!.title, '--data-dir', dir, '--json']);
    expect(found.json).toMatchObject({ total: expect.any(Number) });
    expect((found.json as { total: number }).total).toBeGreaterThan(0);
    expect((await cli(['info', '--data-dir', dir, '--json'])).json).toMatchObject({ searchIndex: { pending: 0 } });
  });

  it('imports Open311 requests in GCJ-02 and CAP alerts; lists the alerts in force', async () => {
    const o311 = join(dir, 'requests.json');
    writeFileSync(
      o311,
      JSON.stringify({
        service_requests: [
          { service_request_id: 'r1', status: 'open', service_code: 'manhole', service_name: '井盖', requested_datetime: '2026-11-28T10:00:00+08:00', lat: 27.726606, long: 112.007444 },
        ],
      }),
    );
    const r = await cli(['ingest', o311, '--format', 'open311', '--datum', 'GCJ02', '--data-dir', dir, '--json']);
    expect(r.json).toMatchObject({ accepted: 1, rejected: 0, duplicates: 0 });
    const w = new CapWarnings(1, 'T');
    w.seed(Date.now());
    const files = w.list().map((d, i) => {
      const f = join(dir, `cap-${i}.xml`);
      writeFileSync(f, d.xml);
      return f;
    });
    const xxe = join(dir, 'xxe.xml');
    writeFileSync(xxe, '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><alert>&e;</alert>');
    const c = await cli(['ingest', ...files.reverse(), xxe, join(dir, 'missing.xml'), '--format', 'cap', '--data-dir', dir, '--json']);
    expect(c.code).toBe(1); // one named file could not be read at all; the others were still imported
    expect(c.json).toMatchObject({ accepted: files.length, rejected: 1, duplicates: 0 });
    const errors = (c.json as { errors: { file: string; reason: string }[] }).errors;
    expect(errors.map((e) => e.file)).toEqual([xxe, join(dir, 'missing.xml')]);
    const alerts = await cli(['alerts', '--data-dir', dir, '--json']);
    expect(alerts.code).toBe(0);
    const list = alerts.json as { identifier: string; severity: string; expires: string | null }[];
    expect(list.map((a) => a.severity)).toEqual(['orange', 'yellow', 'blue']);
    expect(list[0]).toMatchObject({ identifier: expect.any(String), expires: expect.stringMatching(/^\d{4}-/) });
    const again = await cli(['import', ...files, '--format', 'cap', '--data-dir', dir, '--json']);
    expect(again.json).toMatchObject({ accepted: 0, duplicates: files.length });
  });

  it('refuses to run without a format or files (exit 2), and runs with every item rejected (exit 0)', async () => {
    expect((await cli(['ingest', 'x.json', '--data-dir', dir])).code).toBe(2);
    expect((await cli(['ingest', '--format', 'cap', '--data-dir', dir])).code).toBe(2);
    const bad = join(dir, 'bad.xml');
    writeFileSync(bad, capXml({ sent: 'never' }));
    const r = await cli(['ingest', bad, '--format', 'cap', '--data-dir', dir, '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ accepted: 0, rejected: 1 });
  });
});
