import { statSync, type Stats } from 'node:fs';
import { basename } from 'node:path';
import type { Datum } from '@shared/domain/incident';
import { GridEventSchema, StreamEventSchema } from '@shared/wire/grid-event';
import type { FeedIngest } from '../feeds/feed-ingest';
import { normalizeGridEvent } from '../feeds/grid-governance';
import { normalizeOpen311 } from '../feeds/open311';
import type { IncomingIncident } from '../store/incident-store';
import { CategoryClassifier, UnmappedCodes } from './category-mapping';
import { MAX_JSON_DEPTH, readRecords, RecordFileError } from './record-reader';

/** What an import file holds: Open311 service requests or grid-governance events. */
export type RecordFormat = 'open311' | 'json';

export interface FileImportOptions {
  format: RecordFormat;
  /** Source id the incidents are stored under (`import.open311`). */
  source: string;
  /** Datum of the file's coordinates. */
  datum: Datum;
  classifier?: CategoryClassifier;
  /** Times further ahead than this are refused (default: the feeds' skew, one day). */
  maxFutureSkewMs?: number;
  signal?: AbortSignal;
  /** Called after every stored batch and at the end. */
  onProgress?(p: FileImportProgress): void;
}

export interface FileImportProgress {
  file: string;
  bytes: number;
  totalBytes: number;
  records: number;
  accepted: number;
  rejected: number;
  duplicates: number;
}

export interface FileImportResult extends FileImportProgress {
  /** Refused records, by reason (the first 1,000 kept with their reason). */
  errors: { reason: string }[];
  /** Service codes/names no mapping, name or rule knew, most frequent first. */
  unmapped: { code: string; count: number }[];
  unmappedTotal: number;
  cancelled: boolean;
  /** Why the file stopped before its end (broken JSON, unreadable); records before it were stored. */
  failed?: string;
  /** Why nothing of the file could be read at all (missing, or not a regular file: a device, a FIFO). */
  unreadable?: string;
}

const MAX_ERRORS = 1000;
/** Deeper JSON is no backend's export: refused before anything walks it recursively (the reader stops the file's text at it too). */
export { MAX_JSON_DEPTH };

/** Nesting depth of parsed JSON, counted without recursion (so a hostile file cannot overflow the stack). */
export function jsonDepth(value: unknown, stopAt = MAX_JSON_DEPTH + 1): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    deepest = Math.max(deepest, d + 1);
    if (deepest >= stopAt) return deepest;
    for (const child of Object.values(v as object)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return deepest;
}

function fileKind(s: Stats): string {
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isFIFO()) return 'a FIFO';
  if (s.isSocket()) return 'a socket';
  if (s.isDirectory()) return 'a directory';
  return 'not a file';
}

/**
 * Streams one export file into the cache the way the feeds take the same records: each batch is
 * validated, normalized, refused into the quarantine or stored in one transaction (duplicates
 * linked). Idempotent: importing the same file again stores nothing new. Memory stays bounded by
 * one batch, whatever the file's size. Stops between batches when `signal` is aborted.
 */
export async function importRecordFile(ingest: FeedIngest, file: string, opts: FileImportOptions): Promise<FileImportResult> {
  const classifier = opts.classifier ?? new CategoryClassifier();
  const unmapped = new UnmappedCodes();
  let stats: Stats | undefined;
  let unreadable: string | undefined;
  try {
    // Followed through symlinks: a link to /dev/zero is a device, refused without reading it.
    stats = statSync(file);
    if (!stats.isFile()) unreadable = `not a regular file (${fileKind(stats)})`;
  } catch (err) {
    unreadable = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  }
  const out: FileImportResult = {
    file,
    bytes: 0,
    totalBytes: stats?.isFile() ? stats.size : 0,
    records: 0,
    accepted: 0,
    rejected: 0,
    duplicates: 0,
    errors: [],
    unmapped: [],
    unmappedTotal: 0,
    cancelled: false,
  };
  if (unreadable) return { ...out, unreadable };
  const refuse = (reason: string, payload: unknown): void => {
    out.rejected += 1;
    if (out.errors.length < MAX_ERRORS) out.errors.push({ reason });
    ingest.quarantineMessage({ feedId: opts.source, reason: `${basename(file)}: ${reason}`, payload });
  };
  try {
    for await (const batch of readRecords(file, opts.signal)) {
      const now = Date.now();
      const accepted: IncomingIncident[] = [];
      for (const b of batch.bad) {
        out.records += 1;
        refuse(b.reason, b.text);
      }
      for (const raw of batch.items) {
        if (jsonDepth(raw) > MAX_JSON_DEPTH) {
          out.records += 1;
          refuse(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`, null);
          continue;
        }
        for (const item of opts.format === 'open311' ? unwrapOpen311(raw) : [unwrapStream(raw)]) {
          out.records += 1;
          if (opts.format === 'open311') {
            const r = normalizeOpen311(opts.source, cleanOpen311(item), opts.datum, now, classifier, opts.maxFutureSkewMs);
            if (!r.ok) refuse(r.reason, item);
            else {
              accepted.push(r.value);
              if (r.unmapped) {
                const o = item as Record<string, unknown>;
                unmapped.add(o.service_code as string | undefined, o.service_name as string | undefined);
              }
            }
          } else {
            const r = normalizeGridEvent(opts.source, coerceGridRow(item), now, classifier, opts.maxFutureSkewMs);
            if (r.ok) accepted.push(r.value);
            else refuse(r.reason, item);
          }
        }
      }
      if (accepted.length) {
        const changed = ingest.acceptIncidents(accepted).length;
        out.accepted += changed;
        out.duplicates += accepted.length - changed;
      }
      out.bytes = batch.bytes;
      opts.onProgress?.(progressOf(out));
      if (opts.signal?.aborted) break;
      // Let timers and sockets run between batches (a console import must not freeze the host).
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  } catch (err) {
    if (err instanceof RecordFileError) out.failed = err.message;
    else if ((err as NodeJS.ErrnoException).code) out.failed = (err as NodeJS.ErrnoException).code!;
    else throw err;
  }
  out.cancelled = opts.signal?.aborted ?? false;
  out.unmapped = unmapped.list();
  out.unmappedTotal = unmapped.total;
  return out;
}

function progressOf(r: FileImportResult): FileImportProgress {
  return { file: r.file, bytes: r.bytes, totalBytes: r.totalBytes, records: r.records, accepted: r.accepted, rejected: r.rejected, duplicates: r.duplicates };
}

/** FixMyStreet wraps each request as `{ "request": … }` (sometimes an array). */
function unwrapOpen311(item: unknown): unknown[] {
  const inner = item && typeof item === 'object' ? (item as Record<string, unknown>).request : undefined;
  return inner === undefined ? [item] : Array.isArray(inner) ? inner : [inner];
}

/** CSV gives every cell as text: an empty optional cell is an absent field. */
function cleanOpen311(item: unknown): unknown {
  if (!item || typeof item !== 'object') return item;
  const o = item as Record<string, unknown>;
  if (!Object.values(o).some((v) => v === '')) return item;
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== ''));
}

/** Stream messages (`{ type: 'event', event }`) as saved from the grid stream. */
function unwrapStream(item: unknown): unknown {
  const s = StreamEventSchema.safeParse(item);
  return s.success && !GridEventSchema.safeParse(item).success ? s.data.event : item;
}

/** A CSV row of grid events (numbers and nulls from their text), a GeoJSON feature's extra `long`. */
function coerceGridRow(item: unknown): unknown {
  if (!item || typeof item !== 'object') return item;
  let o = item as Record<string, unknown>;
  if ('lng' in o && 'long' in o) {
    const { long: _long, ...rest } = o;
    o = rest;
  }
  if (typeof o.level !== 'string' && typeof o.lng !== 'string') return o;
  const num = (v: unknown): unknown => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : v);
  const nul = (v: unknown): unknown => (v === '' ? null : v);
  return { ...o, level: num(o.level), lng: num(o.lng), lat: num(o.lat), gridCode: nul(o.gridCode), unit: nul(o.unit) };
}
