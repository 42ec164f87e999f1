import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src-main/cli/registry';
import { runCli } from '../../../src-main/cli/run-cli';
import { GridEventGenerator } from '../../../src-main/simulator/grid-events';

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

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-hostile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function eventsFile(name: string, n: number, seed = 3): string {
  const g = new GridEventGenerator(seed, name.toUpperCase());
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(Array.from({ length: n }, (_, i) => g.next(Date.now() - 3600_000 + i * 1000).event)));
  return file;
}

describe('cli ingest with hostile input', () => {
  it('reports a deeply nested JSON file in the summary and goes on with the next files', async () => {
    const deepArray = join(dir, 'deep-array.json');
    writeFileSync(deepArray, `${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    const deepObject = join(dir, 'deep-object.json');
    writeFileSync(deepObject, `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`);
    const good = eventsFile('good', 5);
    const r = await cli(['ingest', deepArray, deepObject, good, '--format', 'json', '--data-dir', join(dir, 'data'), '--json']);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ accepted: 5, rejected: 2 });
    expect(r.json.errors).toEqual([
      { file: deepArray, reason: expect.stringMatching(/nested deeper/) },
      { file: deepObject, reason: expect.stringMatching(/nested deeper/) },
    ]);
  });

  it('refuses /dev/zero, a symlink to it and a FIFO without reading them; exits 1 because they could not be read', async () => {
    const fifo = join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const link = join(dir, 'zero.json');
    symlinkSync('/dev/zero', link);
    const good = eventsFile('good', 3);
    const r = await cli(['ingest', fifo, link, '/dev/zero', good, '--format', 'json', '--data-dir', join(dir, 'data'), '--json']);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ accepted: 3 });
    expect(r.json.errors).toEqual([
      { file: fifo, reason: 'not a regular file (a FIFO)' },
      { file: link, reason: 'not a regular file (a character device)' },
      { file: '/dev/zero', reason: 'not a regular file (a character device)' },
    ]);
    const cap = await cli(['ingest', link, '--format', 'cap', '--data-dir', join(dir, 'data'), '--json']);
    expect(cap.code).toBe(1);
  });

  it('exits non-zero when an input file cannot be read, 0 when it only rejects items', async () => {
    const missing = await cli(['ingest', join(dir, 'nonexistent.json'), '--format', 'json', '--data-dir', join(dir, 'data'), '--json']);
    expect(missing.code).toBe(1);
    expect(missing.json).toMatchObject({ accepted: 0, errors: [{ reason: 'ENOENT' }] });
    const partly = join(dir, 'partly.json');
    writeFileSync(partly, JSON.stringify([{ eventId: 'broken' }]));
    const rejected = await cli(['ingest', partly, '--format', 'json', '--data-dir', join(dir, 'data'), '--json']);
    expect(rejected.code).toBe(0);
    expect(rejected.json).toMatchObject({ accepted: 0, rejected: 1 });
    const notJson = join(dir, 'not.json');
    writeFileSync(notJson, 'hello');
    expect((await cli(['ingest', notJson, '--format', 'json', '--data-dir', join(dir, 'data')])).code).toBe(0);
  });

  it('does not write into a damaged cache: moves it aside and ingests into a fresh one, as the console does', async () => {
    const data = join(dir, 'data');
    expect((await cli(['ingest', eventsFile('first', 300), '--format', 'json', '--data-dir', data])).code).toBe(0);
    const file = join(data, 'console.sqlite');
    // Garble one leaf page of the incidents table: the file still opens, its integrity check fails.
    const probe = new Database(file, { readonly: true });
    const pageSize = probe.pragma('page_size', { simple: true }) as number;
    const page = probe.prepare("SELECT pageno FROM dbstat WHERE name = 'incidents' AND pagetype = 'leaf' ORDER BY pageno LIMIT 1").pluck().get() as number;
    probe.close();
    const bytes = readFileSync(file);
    bytes.fill(0x41, (page - 1) * pageSize + 8, page * pageSize);
    writeFileSync(file, bytes);
    const damaged = Buffer.from(bytes);

    const r = await cli(['ingest', eventsFile('second', 4, 9), '--format', 'json', '--data-dir', data, '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/integrity check/);
    const aside = readdirSync(data).find((n) => n.startsWith('console.sqlite.damaged-') && !n.endsWith('-wal') && !n.endsWith('-shm'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(data, aside!)).equals(damaged)).toBe(true); // not one byte written into it
    expect(existsSync(join(data, `${aside}-wal`)) ? readFileSync(join(data, `${aside}-wal`)).length : 0).toBe(0);
    expect((await cli(['info', '--data-dir', data, '--json'])).json).toMatchObject({ incidents: 4 });
  });
});
