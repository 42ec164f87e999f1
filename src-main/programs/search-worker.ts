/**
 * The search indexer thread (see src-main/store/search-index.ts): indexes new rows and queued
 * changes into `search.sqlite` whenever the console pokes it, and every half second in case
 * another process (the command line) wrote to the cache. Reports its marks after each slice.
 * Checks the index file first (quick_check) and reports it damaged rather than indexing into it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isCorruption } from '../store/sqlite-file';
import { indexPending, marks, openIndexerConnection, type IndexerReport, type IndexerRequest } from '../store/search-index';

const port = parentPort;
if (!port) throw new Error('search-worker runs as a worker thread');
const { dataDir } = workerData as { dataDir: string };
const db = openIndexerConnection(dataDir);
let stopping = false;
let running = false;

function post(report: IndexerReport): void {
  port!.postMessage(report);
}

/** Applies the queue slice by slice, yielding between slices so a stop request is heard. */
function run(): void {
  if (running || stopping) return;
  running = true;
  try {
    const n = indexPending(db);
    const m = marks(db);
    post({ kind: 'applied', rev: m.appliedRev, seq: m.indexedSeq });
    running = false;
    if (n > 0) setImmediate(run);
  } catch (err) {
    running = false;
    // Damage found while indexing (the check reads the b-trees, not the index's own structure).
    if (isCorruption(err)) damaged((err as Error).message);
    else post({ kind: 'error', message: (err as Error).message });
  }
}

/** Stops indexing into a damaged file and tells the console, which replaces the file and this thread. */
function damaged(message: string): void {
  stopping = true;
  post({ kind: 'damaged', message });
}

// The index file is checked here, off the console's start: a failed check is reported and the
// console replaces the file (and this thread).
let check: string;
try {
  check = db.pragma('search.quick_check', { simple: true }) as string;
} catch (err) {
  check = (err as Error).message;
}
if (check !== 'ok') damaged(check);
const timer = setInterval(run, 500);
port.on('message', (m: IndexerRequest) => {
  if (m.kind === 'poke') run();
  else {
    stopping = true;
    clearInterval(timer);
    db.close();
    port.close();
  }
});
run();
