/**
 * The scan's worker thread: one message in (counts, zones, options), one cluster out. The Monte
 * Carlo replicates take seconds over a month of the city, so they never run on the thread that
 * serves the console or the store.
 */
import { parentPort } from 'node:worker_threads';
import { spaceTimePermutationScan, type ScanCounts, type ScanOptions } from '../../src-shared/detect/scan';

export interface ScanRequest {
  id: number;
  input: ScanCounts;
  zones: number[][];
  options: ScanOptions;
}

parentPort?.on('message', (req: ScanRequest) => {
  try {
    const started = performance.now();
    const cluster = spaceTimePermutationScan(req.input, req.zones, req.options);
    parentPort!.postMessage({ id: req.id, ok: true, cluster, ms: performance.now() - started });
  } catch (err) {
    parentPort!.postMessage({ id: req.id, ok: false, error: (err as Error).message });
  }
});
