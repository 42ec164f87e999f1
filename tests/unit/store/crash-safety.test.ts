import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/store/database';
import { integrityCheck } from '../../../src-main/store/integrity';
import { indexAll } from '../../../src-main/store/search-index';

const root = join(import.meta.dirname, '../../..');
const writer = join(import.meta.dirname, 'crash-writer.ts');

/** Runs the writer from `first` until it has committed at least once, then SIGKILLs it after `killAfterMs`. */
function runAndKill(dir: string, first: number, killAfterMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // One process (tsx as a loader, not its CLI, which would put the writer in a grandchild the kill misses).
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dir, String(first)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: root,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.node.json') },
    });
    let committed = first - 1;
    let out = '';
    let err = '';
    let armed = false;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      out = lines.pop()!;
      for (const line of lines) {
        const m = /^committed (\d+)$/.exec(line);
        if (m) committed = Number(m[1]);
        if (m && !armed) {
          armed = true;
          setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        }
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(committed);
      else reject(new Error(`writer exited by itself (${code}): ${err}`));
    });
  });
}

describe('crash safety', () => {
  it('keeps the database intact and every committed incident through 12 SIGKILLs of a writer at full speed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cc-crash-'));
    try {
      let next = 1;
      for (let round = 0; round < 12; round++) {
        // A different moment in every round: between 0 and ~400 ms after the first commit.
        const committed = await runAndKill(dir, next, (round * 37) % 400);
        const db = openDatabase(dir);
        try {
          expect(integrityCheck(db)).toBe('ok');
          const present = db
            .prepare("SELECT count(*) FROM incidents WHERE source = 'crash' AND CAST(source_id AS INTEGER) <= ?")
            .pluck()
            .get(committed) as number;
          expect(present).toBe(committed);
          // The full-text index, written by its own thread and killed with it, catches up from the
          // queue and then agrees with the table: one row per incident.
          indexAll(db);
          const fts = db.prepare('SELECT count(*) FROM search.incidents_fts').pluck().get() as number;
          expect(fts).toBe(db.prepare('SELECT count(*) FROM incidents').pluck().get());
          const counted = db.prepare("SELECT sum(n) FROM incident_day_counts WHERE dim = 'c'").pluck().get() as number;
          expect(counted).toBe(fts);
          const max = db.prepare("SELECT max(CAST(source_id AS INTEGER)) FROM incidents WHERE source = 'crash'").pluck().get() as number;
          expect(max).toBeGreaterThanOrEqual(committed);
          next = max + 1;
        } finally {
          db.close();
        }
      }
      expect(next).toBeGreaterThan(12 * 200);
      console.log(`crash test: 12 SIGKILLs, ${next - 1} incidents stored, integrity ok after each`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
