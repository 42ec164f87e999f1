import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src-main/cli/registry';
import { runCli } from '../../../src-main/cli/run-cli';
import { CACHE_RECOVERY_FILE, dismissCacheRecovery, readCacheRecovery, recordCacheRecovery } from '../../../src-main/store/cache-recovery';
import { openDatabase } from '../../../src-main/store/database';
import { IncidentStore } from '../../../src-main/store/incident-store';
import { openCheckedDatabase } from '../../../src-main/store/integrity';
import { incident } from './fixtures';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cc-recovery-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A cache of `n` incidents, closed (checkpointed into the main file). */
function cacheWith(n: number): string {
  const db = openDatabase(dir);
  new IncidentStore(db).upsertMany(Array.from({ length: n }, (_, i) => ({ incident: incident(i + 1), raw: null })));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return join(dir, 'console.sqlite');
}

describe('the damaged-cache notice', () => {
  it('is written when the cache is moved aside at start, with the file name and its size', () => {
    const file = cacheWith(3);
    const bytes = readFileSync(file);
    bytes.fill(0x41, 100, bytes.length); // keep the header, garble every page
    writeFileSync(file, bytes);
    const opened = openCheckedDatabase(dir, () => {});
    opened.db.close();
    const notice = readCacheRecovery(dir);
    expect(notice).toMatchObject({ movedTo: basename(opened.movedAside!), bytes: bytes.length, incidents: null });
    expect(notice!.movedTo).toMatch(/^console\.sqlite\.damaged-/);
    expect(notice!.problem.length).toBeGreaterThan(0);
  });

  it('says how many incidents the moved file held when they can still be counted', () => {
    const file = cacheWith(5);
    const aside = join(dir, 'console.sqlite.damaged-x');
    copyFileSync(file, aside);
    expect(recordCacheRecovery(dir, aside, 'database disk image is malformed')).toMatchObject({ movedTo: 'console.sqlite.damaged-x', incidents: 5 });
  });

  it('stays until dismissed, across starts', () => {
    const aside = join(dir, 'console.sqlite.damaged-y');
    writeFileSync(aside, 'not a database');
    recordCacheRecovery(dir, aside, 'file is not a database');
    openCheckedDatabase(dir, () => {}).db.close(); // a clean start does not clear it
    expect(readCacheRecovery(dir)).toMatchObject({ movedTo: 'console.sqlite.damaged-y', bytes: 14, incidents: null });
    dismissCacheRecovery(dir);
    expect(readCacheRecovery(dir)).toBeNull();
    expect(existsSync(join(dir, CACHE_RECOVERY_FILE))).toBe(false);
  });

  it('is reported by `cli info`, in words and in the JSON', async () => {
    const aside = join(dir, 'console.sqlite.damaged-z');
    copyFileSync(cacheWith(2), aside);
    recordCacheRecovery(dir, aside, 'database disk image is malformed');
    let out = '';
    let err = '';
    const code = await runCli(['info', '--data-dir', dir, '--json'], COMMANDS, { out: (t) => (out += t), err: (t) => (err += t) });
    expect(code).toBe(0);
    expect(err).toMatch(/damaged.*moved aside to .*console\.sqlite\.damaged-z \(2 incidents, \d+ bytes\)/);
    expect(JSON.parse(out.trimEnd().split('\n').at(-1)!)).toMatchObject({ cacheRecovery: { movedTo: 'console.sqlite.damaged-z', incidents: 2 } });
  });
});
