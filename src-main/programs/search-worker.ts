/**
 * The search indexer thread (see src-main/store/search-index.ts): indexes new rows and queued
 * changes into `search.sqlite` whenever the console pokes it, and every half second in case
 * another process (the command line) wrote to the cache. Reports its marks after each slice.
 */
import { parentPort, workerData } from 'node:worker_threads';
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
    post({ kind: 'error', message: (err as Error).message });
  }
}

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
