import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { OperationHandlers, PayloadOf } from '@shared/contract';
import { OperationError } from '@shared/dispatch';
import type { Datum } from '@shared/domain/incident';
import type { FeedIngest } from '../feeds/feed-ingest';
import { monthlyReportBytes } from '../reports/xlsx';
import { IndicatorQueries } from '../store/indicator-queries';
import type { Db } from '../store/database';
import { loadCategoryMap } from './category-mapping';
import { importRecordFile } from './file-import';

type Operations = 'analysisIndicators' | 'analysisBreakdown' | 'analysisSeries' | 'analysisFunnel' | 'analysisReport' | 'importBegin' | 'importChunk' | 'importFinish' | 'importCancel';

interface Job {
  id: string;
  name: string;
  size: number;
  path: string;
  format: 'open311' | 'json';
  source: string;
  datum: Datum;
  received: number;
  controller: AbortController;
  running: boolean;
}

/** At most this many bytes in one import (the upload is spooled to the data directory). */
const MAX_IMPORT_BYTES = 8 * 1024 ** 3;

/**
 * The analysis queries and file imports behind the contract. An import is uploaded in chunks to
 * a spool file under the data directory (the console host may serve another machine), then
 * streamed into the cache exactly as `cli import` does, with `importProgress` events after every
 * batch; `importCancel` stops it between batches. The spool file is removed when the job ends.
 */
export class AnalysisImportService {
  readonly handlers: Pick<OperationHandlers, Operations>;
  private readonly jobs = new Map<string, Job>();
  private readonly spool: string;

  constructor(
    db: Db,
    private readonly ingest: FeedIngest,
    private readonly dataDir: string,
    private readonly progress: (p: PayloadOf<'importProgress'>) => void,
    now: () => number = Date.now,
  ) {
    this.spool = join(dataDir, 'imports');
    const queries = (): IndicatorQueries => new IndicatorQueries(db);
    this.handlers = {
      analysisIndicators: ({ range, compare, filter }) => queries().report(range, filter, now(), compare),
      analysisBreakdown: ({ range, filter, by }) => (by === 'category' ? queries().byCategory(range, filter, now()) : queries().byGrid(range, filter, now())),
      analysisSeries: ({ range, filter, bucket }) => queries().byTime(range, filter, bucket),
      analysisFunnel: ({ range, filter }) => queries().funnel(range, filter, now()),
      analysisReport: async ({ month, filter }) => ({
        fileName: `月度分析-${month}.xlsx`,
        base64: Buffer.from(await monthlyReportBytes(db, month, filter, now())).toString('base64'),
      }),
      importBegin: (req) => {
        if (req.size > MAX_IMPORT_BYTES) throw new OperationError('BAD_REQUEST', `an import is at most ${MAX_IMPORT_BYTES} bytes`);
        mkdirSync(this.spool, { recursive: true });
        const id = randomBytes(8).toString('hex');
        const ext = extname(req.name).toLowerCase().replace(/[^.a-z]/g, '');
        const job: Job = {
          id,
          name: req.name,
          size: req.size,
          path: join(this.spool, `${id}${ext}`),
          format: req.format,
          source: req.source ?? `import.${req.format}`,
          datum: req.datum,
          received: 0,
          controller: new AbortController(),
          running: false,
        };
        appendFileSync(job.path, '');
        this.jobs.set(id, job);
        return { jobId: id };
      },
      importChunk: ({ jobId, data }) => {
        const job = this.job(jobId);
        if (job.running) throw new OperationError('BAD_REQUEST', 'the import is already running');
        const bytes = Buffer.byteLength(data);
        if (job.received + bytes > Math.min(job.size, MAX_IMPORT_BYTES) + 4) throw new OperationError('BAD_REQUEST', 'more data than the size given');
        appendFileSync(job.path, data);
        job.received += bytes;
        this.emitProgress(job, 'uploading', { bytes: job.received });
        return { received: job.received };
      },
      importFinish: ({ jobId }) => {
        const job = this.job(jobId);
        if (job.running) throw new OperationError('BAD_REQUEST', 'the import is already running');
        job.running = true;
        void this.run(job);
        return { jobId };
      },
      importCancel: ({ jobId }) => {
        const job = this.job(jobId);
        job.controller.abort();
        if (!job.running) this.end(job, 'cancelled');
        return { jobId };
      },
    };
  }

  private job(id: string): Job {
    const job = this.jobs.get(id);
    if (!job) throw new OperationError('NOT_FOUND', `no import ${id}`);
    return job;
  }

  private emitProgress(job: Job, phase: PayloadOf<'importProgress'>['phase'], p: Partial<PayloadOf<'importProgress'>>): void {
    this.progress({ jobId: job.id, name: job.name, phase, bytes: 0, totalBytes: job.size, records: 0, accepted: 0, rejected: 0, duplicates: 0, ...p });
  }

  private async run(job: Job): Promise<void> {
    try {
      const classifier = loadCategoryMap(this.dataDir);
      const totalBytes = statSync(job.path).size;
      const r = await importRecordFile(this.ingest, job.path, {
        format: job.format,
        source: job.source,
        datum: job.datum,
        classifier,
        signal: job.controller.signal,
        onProgress: ({ bytes, records, accepted, rejected, duplicates }) => this.emitProgress(job, 'importing', { bytes, totalBytes, records, accepted, rejected, duplicates }),
      });
      const reasons = new Map<string, number>();
      for (const e of r.errors) reasons.set(e.reason, (reasons.get(e.reason) ?? 0) + 1);
      this.emitProgress(job, r.failed ? 'failed' : r.cancelled ? 'cancelled' : 'done', {
        bytes: r.bytes,
        totalBytes,
        records: r.records,
        accepted: r.accepted,
        rejected: r.rejected,
        duplicates: r.duplicates,
        errors: [...reasons].slice(0, 100).map(([reason, count]) => ({ reason, count })),
        unmapped: r.unmapped,
        ...(r.failed ? { failed: r.failed } : {}),
      });
    } catch (err) {
      this.emitProgress(job, 'failed', { failed: (err as Error).message });
    } finally {
      this.end(job);
    }
  }

  private end(job: Job, phase?: 'cancelled'): void {
    this.jobs.delete(job.id);
    rmSync(job.path, { force: true });
    if (phase) this.emitProgress(job, phase, { bytes: job.received });
  }

  /** Cancels running imports and removes their spool files. */
  stop(): void {
    for (const job of [...this.jobs.values()]) {
      job.controller.abort();
      if (!job.running) this.end(job);
    }
  }
}
