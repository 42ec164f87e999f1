import { basename } from 'node:path';
import { DEFAULT_MAX_FUTURE_SKEW_MS } from '@shared/domain/time-rules';
import type { Alert } from '@shared/domain/alert';
import { MAX_CAP_BYTES, parseCapDocument } from '../../feeds/cap';
import { FeedIngest } from '../../feeds/feed-ingest';
import { parseDatum } from '../../feeds/coords';
import { IncidentStore } from '../../store/incident-store';
import { readRegularFile, type LimitedRead } from '../../feeds/read-limited';
import { cliCategoryMap, openCache } from '../open-cache';
import { CATEGORY_MAP_FILE } from '../../import/category-mapping';
import { importRecordFile, type FileImportProgress } from '../../import/file-import';
import { CliUsageError, type CliCommand, type CliContext } from '../command';

const FORMATS = ['cap', 'open311', 'json'] as const;
type Format = (typeof FORMATS)[number];

interface Summary {
  accepted: number;
  rejected: number;
  duplicates: number;
  errors: { file: string; reason: string }[];
  /** Service codes/names that no mapping, category name or rule knew (stored as the system's `other`), with counts. */
  unmapped: Record<string, number>;
  unmappedTotal: number;
}

/**
 * `ingest <file…> --format cap|open311|json` (alias `import`): files from a backend, taken exactly
 * as the feeds take them (validated, normalized, quarantined when refused, duplicates linked).
 * Open311 and grid-event files of any size are streamed (JSON array, NDJSON, GeoJSON, CSV) with
 * progress on stderr. Idempotent: the same file again adds nothing (everything in it counts as a
 * duplicate). Service codes no mapping knows are counted and listed in the summary.
 */
function ingestCommand(name: string, summary: string): CliCommand {
  return {
    name,
    summary,
    usage: `${name} <file...> --format cap|open311|json [--source ID] [--datum WGS84|CGCS2000|GCJ02|BD09] [--max-future-hours H] [--data-dir DIR] [--json]`,
    options: { format: { type: 'string' }, source: { type: 'string' }, datum: { type: 'string' }, 'max-future-hours': { type: 'string' } },
    async run(ctx, values, files) {
      const format = values.format as Format | undefined;
      if (!format || !FORMATS.includes(format)) throw new CliUsageError('--format must be cap, open311 or json');
      if (files.length === 0) throw new CliUsageError('name at least one file');
      const source = (values.source as string | undefined) ?? `import.${format}`;
      if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(source)) throw new CliUsageError('--source: lower-case letters, digits, . _ -');
      const datum = values.datum === undefined ? 'WGS84' : parseDatum(values.datum as string);
      if (!datum) throw new CliUsageError('--datum must be WGS84, CGCS2000, GCJ02 or BD09');
      const skewHours = values['max-future-hours'] === undefined ? DEFAULT_MAX_FUTURE_SKEW_MS / 3600_000 : Number(values['max-future-hours']);
      if (!(skewHours >= 0 && skewHours <= 366 * 24)) throw new CliUsageError('--max-future-hours must be a number of hours from 0 to 8784');
      const skew = skewHours * 3600_000;
      const classifier = cliCategoryMap(ctx);
      const db = openCache(ctx);
      try {
        const ingest = new FeedIngest(db, new IncidentStore(db), { incidents: () => {}, alerts: () => {}, vehicles: () => {}, status: () => {} });
        const out: Summary = { accepted: 0, rejected: 0, duplicates: 0, errors: [], unmapped: {}, unmappedTotal: 0 };
        let unreadableFiles = 0;
        const refuse = (file: string, reason: string, payload: unknown): void => {
          out.rejected += 1;
          if (out.errors.length < 1000) out.errors.push({ file, reason });
          ingest.quarantineMessage({ feedId: source, reason: `${basename(file)}: ${reason}`, payload });
        };
        const unreadable = (file: string, reason: string): void => {
          unreadableFiles += 1;
          out.errors.push({ file, reason });
        };
        for (const file of files) {
          if (format !== 'cap') {
            // Streamed: any size, bounded memory, progress on stderr. A file that is not a regular
            // file (a device, a FIFO) or cannot be opened is input that could not be read at all.
            let r;
            try {
              r = await importRecordFile(ingest, file, { format, source, datum, classifier, maxFutureSkewMs: skew, onProgress: progressLine(ctx, file) });
            } catch (err) {
              // One file's failure (however odd its content) is reported and the run goes on.
              out.errors.push({ file, reason: `could not be processed: ${(err as Error).message}` });
              continue;
            }
            if (r.unreadable) {
              unreadable(file, r.unreadable);
              continue;
            }
            out.accepted += r.accepted;
            out.rejected += r.rejected;
            out.duplicates += r.duplicates;
            for (const e of r.errors) if (out.errors.length < 1000) out.errors.push({ file, reason: e.reason });
            if (r.failed) out.errors.push({ file, reason: r.failed });
            for (const u of r.unmapped) out.unmapped[u.code] = (out.unmapped[u.code] ?? 0) + u.count;
            out.unmappedTotal += r.unmappedTotal;
            continue;
          }
          let read: LimitedRead;
          try {
            read = await readRegularFile(file, MAX_CAP_BYTES);
          } catch (err) {
            unreadable(file, (err as NodeJS.ErrnoException).code ?? (err as Error).message);
            continue;
          }
          if (read.kind === 'refused') {
            // A device or FIFO is input that cannot be read at all; an oversize file is refused content.
            if (read.stats.isFile()) refuse(file, read.reason, null);
            else unreadable(file, read.reason);
            continue;
          }
          if (read.kind !== 'read') continue;
          const text = read.text;
          try {
            const doc = parseCapDocument(text, source, Date.now(), undefined, skew);
            if (doc.kind === 'alert' && doc.result.ok) {
              const r = ingest.acceptAlerts([doc.result.alert as Alert]);
              out.accepted += r.added.length;
              out.duplicates += r.duplicates;
            } else refuse(file, doc.kind === 'alert' && !doc.result.ok ? doc.result.reason : doc.kind === 'invalid' ? doc.reason : 'an index: import the alerts it lists', text);
          } catch (err) {
            refuse(file, `could not be processed: ${(err as Error).message}`, null);
          }
        }
        ingest.dispose();
        ctx.say(`accepted ${out.accepted}, rejected ${out.rejected}, duplicates ${out.duplicates}`);
        if (out.unmappedTotal) {
          ctx.say(`unmapped service codes: ${out.unmappedTotal} records (add them to ${CATEGORY_MAP_FILE}):`);
          for (const [code, n] of Object.entries(out.unmapped).sort((a, b) => b[1] - a[1]).slice(0, 20)) ctx.say(`  ${code}: ${n}`);
        }
        for (const e of out.errors.slice(0, 20)) ctx.say(`  ${e.file}: ${e.reason}`);
        if (ctx.json) ctx.result(out);
        // Rejected items are a normal outcome (exit 0, with the counts); a named file that could not be read at all is not.
        return unreadableFiles > 0 ? 1 : 0;
      } finally {
        db.close();
      }
    },
  };
}

/** A progress line on stderr at most every two seconds (and at the end of a large file). */
function progressLine(ctx: CliContext, file: string): (p: FileImportProgress) => void {
  let last = Date.now();
  return (p) => {
    const now = Date.now();
    if (now - last < 2000 && p.bytes < p.totalBytes) return;
    if (p.bytes >= p.totalBytes && p.totalBytes < 8 << 20) return;
    last = now;
    const pct = p.totalBytes ? Math.floor((p.bytes / p.totalBytes) * 100) : 100;
    ctx.progress?.(`${basename(file)}: ${pct}% (${(p.bytes / 1048576).toFixed(0)} of ${(p.totalBytes / 1048576).toFixed(0)} MB), ${p.records} records, accepted ${p.accepted}, rejected ${p.rejected}, duplicates ${p.duplicates}`);
  };
}

export const ingestFilesCommand = ingestCommand('ingest', 'ingest CAP, Open311 or grid-event JSON files (idempotent)');
export const importFilesCommand = ingestCommand('import', 'same as ingest');
