/**
 * The signal thread (see src-main/detect/signal-service.ts): runs every detection method over the
 * cache when asked, on its own read-only connection, so that the scan's Monte Carlo replicates
 * never hold up the thread that serves the console or writes the store.
 */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from '../store/sqlite-file';
import { detectSignals } from '../detect/detect-run';
import type { SignalRunReply, SignalRunRequest } from '../detect/signal-service';

const port = parentPort;
if (!port) throw new Error('signal-worker runs as a worker thread');
const { dataDir } = workerData as { dataDir: string };
const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true });
db.pragma('busy_timeout = 5000');

port.on('message', (req: SignalRunRequest) => {
  let reply: SignalRunReply;
  try {
    const started = performance.now();
    reply = { id: req.id, ok: true, run: detectSignals(db, req.from, req.to), ms: performance.now() - started };
  } catch (err) {
    reply = { id: req.id, ok: false, error: (err as Error).message };
  }
  port.postMessage(reply);
});
