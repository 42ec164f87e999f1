/**
 * The writer the crash-safety test kills: ingests at full speed through the real pipeline
 * (validate, normalize, grid, store, history, full-text index) and prints `committed N` after
 * every batch that is committed, N being the highest incident number stored so far.
 *   tsx crash-writer.ts <data-dir> <first-number>
 */
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeGridEvent } from '../../../src-main/feeds/grid-governance';
import { GridEventGenerator } from '../../../src-main/simulator/grid-events';
import { openDatabase } from '../../../src-main/store/database';
import { IncidentStore, type IncomingIncident } from '../../../src-main/store/incident-store';
import { WorkerIndexer } from '../../../src-main/store/search-index';

const [dir, firstArg] = process.argv.slice(2);
let n = Number(firstArg);
const db = openDatabase(dir!);
// The full-text index is written by its own thread, as in the console, so it too dies mid-write.
const store = new IncidentStore(db, new WorkerIndexer(db, dir!, { file: join(import.meta.dirname, '../../../src-main/programs/search-worker.ts'), typescript: true }));
const generator = new GridEventGenerator(n, 'CRASH');
const t0 = Date.parse('2026-07-01T00:00:00+08:00');
writeSync(1, 'ready\n');
for (;;) {
  const batch: IncomingIncident[] = [];
  for (let k = 0; k < 200; k++) {
    const { event } = generator.next(t0 + n * 1000);
    const r = normalizeGridEvent('crash', { ...event, eventId: String(n) }, t0 + n * 1000);
    if (!r.ok) throw new Error(r.reason);
    batch.push(r.value);
    // Move an earlier case along too, so history and the indexes are written under the knife.
    if (n > 50 && k % 20 === 0) {
      const earlier = normalizeGridEvent('crash', { ...event, eventId: String(n - 50), state: 'dispatched', unit: '城管局' }, t0 + n * 1000);
      if (earlier.ok) batch.push(earlier.value);
    }
    n += 1;
  }
  store.upsertMany(batch, { feedId: 'crash', value: `CRASH:${n - 1}` });
  writeSync(1, `committed ${n - 1}\n`);
}
