import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { JSONParser } from '@streamparser/json';

/**
 * Reads the records of an export file of any size without holding it in memory: a JSON array,
 * an object holding one (`service_requests`, `requests`, `features`, `events`, `items`), a
 * single JSON object, newline-delimited JSON, a GeoJSON FeatureCollection, or CSV with a header
 * row. Yields the records in batches with the bytes read so far, so callers can show progress,
 * write in transactions and stop between batches.
 */

export type FileShape = 'json' | 'ndjson' | 'csv';

export interface RecordBatch {
  /** Parsed records (GeoJSON point features flattened: their properties plus `lat`, `long`, `lng`). */
  items: unknown[];
  /** Lines or rows that could not be parsed, with why; the rest of the file is still read. */
  bad: { reason: string; text: string }[];
  /** Bytes of the file read so far. */
  bytes: number;
}

/** Where a JSON object's records are; the first of these a file has is used. */
const ARRAY_KEYS = ['service_requests', 'requests', 'features', 'events', 'items'];
const CHUNK = 256 * 1024;
const BATCH = 2000;
/** A file holding one record (no array) is read whole only up to this size. */
const SINGLE_RECORD_MAX = 1 << 20;

/** Deepest nesting a record may have (objects and arrays); deeper is refused, not parsed. */
export const MAX_JSON_DEPTH = 64;

/**
 * The nesting depth of JSON text as it streams by, outside strings. The streaming parser's cost
 * grows with the square of the depth (100,000 nested objects, 600 kB, took 11 s), so a hostile
 * file is stopped here, in one pass over its characters, before the parser sees the deep part.
 */
export class JsonDepthGuard {
  private depth = 0;
  private inString = false;
  private escaped = false;
  constructor(private readonly limit: number) {}

  /** The index in `text` where the depth first passes the limit, or -1. */
  scan(text: string): number {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === 92) this.escaped = true;
        else if (ch === 34) this.inString = false;
      } else if (ch === 34) this.inString = true;
      else if (ch === 91 || ch === 123) {
        if (++this.depth > this.limit) return i;
      } else if (ch === 93 || ch === 125) this.depth -= 1;
    }
    return -1;
  }
}

/** Thrown when the file is not what its shape says (JSON broken midway, say): records before it were read. */
export class RecordFileError extends Error {
  override name = 'RecordFileError';
}

/** The file's shape from its first bytes (and its extension for CSV). */
export function detectShape(head: string, fileName: string): FileShape {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (/\.(ndjson|jsonl)$/i.test(fileName)) return 'ndjson';
  if (/\.csv$/i.test(fileName)) return 'csv';
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) {
    const nl = text.indexOf('\n');
    if (nl > 0) {
      try {
        JSON.parse(text.slice(0, nl));
        if (text.slice(nl).trim()) return 'ndjson';
      } catch {
        // an object over several lines
      }
    }
    return 'json';
  }
  return 'csv';
}

/** GeoJSON Point feature → its properties with the coordinates as Open311 (`lat`, `long`) and grid events (`lng`) name them. */
export function flattenFeature(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const f = value as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown }; properties?: unknown };
  if (f.type !== 'Feature') return value;
  const props = f.properties && typeof f.properties === 'object' ? (f.properties as Record<string, unknown>) : {};
  const c = f.geometry?.type === 'Point' && Array.isArray(f.geometry.coordinates) ? f.geometry.coordinates : undefined;
  if (!c) return props;
  return { ...props, long: c[0], lng: c[0], lat: c[1] };
}

export async function* readRecords(path: string, signal?: AbortSignal): AsyncGenerator<RecordBatch> {
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  const decoder = new StringDecoder('utf8');
  let shape: FileShape | undefined;
  let bytes = 0;
  let batch: RecordBatch = { items: [], bad: [], bytes: 0 };
  const pending: RecordBatch[] = [];
  const flushIfFull = (): void => {
    if (batch.items.length + batch.bad.length >= BATCH) {
      batch.bytes = bytes;
      pending.push(batch);
      batch = { items: [], bad: [], bytes };
    }
  };
  const push = (item: unknown): void => {
    batch.items.push(flattenFeature(item));
    flushIfFull();
  };
  const refuse = (reason: string, text: string): void => {
    batch.bad.push({ reason, text: text.slice(0, 10_000) });
    flushIfFull();
  };

  let json: JSONParser | undefined;
  // The root and the records' array hold the records: two levels over a record's own.
  const depthGuard = new JsonDepthGuard(MAX_JSON_DEPTH + 2);
  let tooDeep = false;
  let fromArray = 0;
  let lineRest = '';
  let lineNo = 0;
  let csv: CsvReader | undefined;

  const feedText = (text: string, last: boolean): void => {
    if (shape === 'ndjson') {
      const lines = (lineRest + text).split('\n');
      lineRest = last ? '' : lines.pop()!;
      for (const raw of lines) {
        lineNo += 1;
        const line = raw.trim();
        if (!line) continue;
        try {
          push(JSON.parse(line) as unknown);
        } catch {
          refuse(`line ${lineNo}: not JSON`, line);
        }
      }
    } else if (shape === 'csv') {
      csv!.write(text, last);
    } else {
      if (tooDeep) return;
      const deep = depthGuard.scan(text);
      // Up to the deep part the records are read and kept; the rest of the file is not.
      const part = deep >= 0 ? text.slice(0, deep) : text;
      try {
        // The parser ends by itself after the root value; only whitespace may follow.
        if (json!.isEnded) {
          if (part.trim()) throw new Error('data after the end of the JSON value');
        } else {
          if (part) json!.write(part);
          if (last && deep < 0 && !json!.isEnded) json!.end();
        }
      } catch (err) {
        throw new RecordFileError(`not JSON near byte ${bytes}: ${(err as Error).message}`);
      }
      if (deep >= 0) {
        tooDeep = true;
        refuse(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`, text.slice(Math.max(0, deep - 200), deep + 1));
      }
    }
  };

  const tryFeed = (text: string, last: boolean): RecordFileError | undefined => {
    try {
      feedText(text, last);
      return undefined;
    } catch (err) {
      if (err instanceof RecordFileError) return err;
      throw err;
    }
  };

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (signal?.aborted) {
      stream.destroy();
      return;
    }
    bytes += chunk.length;
    let text = decoder.write(chunk);
    if (!shape) {
      shape = detectShape(text, path);
      text = text.replace(/^\uFEFF/, '');
      if (shape === 'json') {
        const head = text.trimStart();
        // Only the records are kept, never the root around them (that would hold the whole file).
        const paths = head.startsWith('[') ? ['$.*'] : ARRAY_KEYS.map((k) => `$.${k}.*`);
        json = new JSONParser({ paths, keepStack: false });
        json.onValue = ({ value }) => {
          fromArray += 1;
          push(value);
        };
      } else if (shape === 'csv') {
        csv = new CsvReader(push, refuse);
      }
    }
    const failure = tryFeed(text, false);
    if (pending.length) yield* pending.splice(0);
    if (failure) {
      // What was read before the break is still delivered.
      batch.bytes = bytes;
      yield batch;
      throw failure;
    }
  }
  if (!shape) return; // an empty file
  const failure = tryFeed(decoder.end(), true);
  if (failure) {
    batch.bytes = bytes;
    yield* pending.splice(0);
    yield batch;
    throw failure;
  }
  // An object with none of the known arrays is one record: read it whole (one record is small).
  if (shape === 'json' && !tooDeep && fromArray === 0 && bytes <= SINGLE_RECORD_MAX) {
    const root = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, '')) as unknown;
    if (root && typeof root === 'object' && !Array.isArray(root) && !ARRAY_KEYS.some((k) => k in root)) push(root);
  }
  batch.bytes = bytes;
  pending.push(batch);
  yield* pending.splice(0);
}

/**
 * CSV (RFC 4180: quoted cells, "" inside quotes, CRLF or LF) with a header row, streamed: each
 * row becomes an object keyed by the header. A row with a different number of cells is refused.
 */
export class CsvReader {
  private header: string[] | undefined;
  private cells: string[] = [];
  private cell = '';
  private quoted = false;
  /** After a closing quote: the next quote is an escaped one. */
  private quoteEnd = false;
  private row = 0;

  constructor(
    private readonly onRow: (row: Record<string, string>) => void,
    private readonly onBad: (reason: string, text: string) => void,
  ) {}

  write(text: string, last: boolean): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (this.quoted) {
        if (ch === 34) {
          this.cell += text.slice(start, i);
          start = i + 1;
          this.quoted = false;
          this.quoteEnd = true;
        }
        continue;
      }
      if (ch === 34) {
        // A quote right after a closing quote is a literal quote.
        this.cell += text.slice(start, i) + (this.quoteEnd ? '"' : '');
        start = i + 1;
        this.quoted = true;
        this.quoteEnd = false;
        continue;
      }
      this.quoteEnd = false;
      if (ch === 44 || ch === 10) {
        this.cell += text.slice(start, i);
        start = i + 1;
        this.cells.push(this.cell.endsWith('\r') && ch === 10 ? this.cell.slice(0, -1) : this.cell);
        this.cell = '';
        if (ch === 10) this.endRow();
      }
    }
    this.cell += text.slice(start);
    if (last && (this.cell || this.cells.length)) {
      this.cells.push(this.cell.replace(/\r$/, ''));
      this.cell = '';
      this.endRow();
    }
  }

  private endRow(): void {
    const cells = this.cells;
    this.cells = [];
    this.row += 1;
    if (cells.length === 1 && cells[0] === '') return; // a blank line
    if (!this.header) {
      this.header = cells.map((c, i) => (i === 0 ? c.replace(/^\uFEFF/, '') : c).trim());
      return;
    }
    if (cells.length !== this.header.length) {
      this.onBad(`row ${this.row}: ${cells.length} cells, the header has ${this.header.length}`, cells.join(','));
      return;
    }
    const out: Record<string, string> = {};
    for (let i = 0; i < cells.length; i++) out[this.header[i]!] = cells[i]!;
    this.onRow(out);
  }
}
