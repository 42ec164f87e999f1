import { closeSync, openSync, writeSync } from 'node:fs';
import { GRID_GOVERNANCE_CATEGORIES } from '@shared/domain/categories';
import { LOUDI_GRIDS } from '@shared/geo/grids';
import { CM_SERVICES } from './city-cases';
import { mulberry32, pick } from '@shared/prng';

/**
 * An Open311 export with the seed's own figures, for the import test and benchmark: the
 * grid-governance platform's 217,396 events under its 11 category names (as service names) and
 * the city-management system's 1,964 cases received, 1,878 of them closed (95.62%). `scale`
 * shrinks the grid-governance counts (rounded per category) for quick tests; the city-management
 * figures are kept whole. Records carry descriptions and status notes as the city's exports do
 * (about 600 bytes each, 130 MB for the full set). Written record by record: the file can be far
 * larger than memory.
 */
export const SEED_CM_RECEIVED = 1964;
export const SEED_CM_CLOSED = 1878;

export interface SeedExportOptions {
  /** Fraction of the grid-governance counts (1 = all 217,396). */
  scale?: number;
  /** `json`: a GeoReport `requests.json` array; `ndjson`: one request per line. */
  shape?: 'json' | 'ndjson';
  /** Repeat the whole set this many times with distinct ids (a 1 GB file, say). */
  copies?: number;
  seed?: number;
}

export interface SeedExportCounts {
  records: number;
  bytes: number;
  /** Grid-governance events per category code. */
  byCategory: Record<string, number>;
  cmReceived: number;
  cmClosed: number;
}

const T0 = Date.UTC(2019, 0, 1) - 8 * 3_600_000;
const T1 = Date.UTC(2021, 6, 31) - 8 * 3_600_000;
const CM0 = Date.UTC(2021, 6, 1) - 8 * 3_600_000;
const CM1 = T1;

const iso = (t: number): string => new Date(t + 8 * 3_600_000).toISOString().replace('Z', '+08:00').replace(/\.\d{3}/, '');

export function writeSeedExport(path: string, opts: SeedExportOptions = {}): SeedExportCounts {
  const scale = opts.scale ?? 1;
  const copies = opts.copies ?? 1;
  const shape = opts.shape ?? 'json';
  const rnd = mulberry32(opts.seed ?? 20210731);
  const fd = openSync(path, 'w');
  let buffer = shape === 'json' ? '[' : '';
  let bytes = 0;
  let records = 0;
  const flush = (force: boolean): void => {
    if (buffer.length < 1 << 20 && !force) return;
    bytes += writeSync(fd, buffer);
    buffer = '';
  };
  const emit = (r: Record<string, unknown>): void => {
    const text = JSON.stringify(r);
    buffer += shape === 'json' ? (records ? `,\n${text}` : text) : `${text}\n`;
    records += 1;
    flush(false);
  };
  const place = (): { lat: number; long: number; grid: string } => {
    const g = pick(rnd, LOUDI_GRIDS);
    return {
      long: Math.round((g.bbox.west + (g.bbox.east - g.bbox.west) * (0.05 + 0.9 * rnd())) * 1e6) / 1e6,
      lat: Math.round((g.bbox.south + (g.bbox.north - g.bbox.south) * (0.05 + 0.9 * rnd())) * 1e6) / 1e6,
      grid: g.zh,
    };
  };
  const byCategory: Record<string, number> = {};
  try {
    for (let copy = 0; copy < copies; copy++) {
      const tag = copies > 1 ? `${copy}-` : '';
      for (const c of GRID_GOVERNANCE_CATEGORIES) {
        const n = Math.round(c.recorded * scale);
        byCategory[c.code] = (byCategory[c.code] ?? 0) + n;
        for (let i = 0; i < n; i++) {
          const at = T0 + Math.floor(rnd() * (T1 - T0));
          const p = place();
          const closed = rnd() < 0.97;
          emit({
            service_request_id: `GG-${tag}${c.code.slice(3)}-${i}`,
            status: closed ? 'closed' : 'open',
            service_code: c.zh,
            service_name: c.zh,
            description: `${p.grid}网格员上报：${c.zh}事项，已登记并按流程处置。`,
            status_notes: closed ? `网格员已上门核实，${c.zh}事项已按流程办结，当事人对处理结果表示满意，回访无异议，予以结案。` : '已受理，正在核实处置中，请耐心等待。',
            agency_responsible: '娄星区综治中心',
            requested_datetime: iso(at),
            updated_datetime: iso(at + (closed ? Math.floor(rnd() * 3 * 86_400_000) : 0)),
            address: `娄底市娄星区${p.grid}`,
            lat: p.lat,
            long: p.long,
          });
        }
      }
      for (let i = 0; i < SEED_CM_RECEIVED; i++) {
        const at = CM0 + Math.floor(rnd() * (CM1 - CM0));
        const s = pick(rnd, CM_SERVICES);
        const p = place();
        const closed = i < SEED_CM_CLOSED;
        emit({
          service_request_id: `CM-${tag}${i}`,
          status: closed ? 'closed' : 'open',
          service_code: s.code,
          service_name: s.name,
          description: `${s.name}：${p.grid}发现，请处置。`,
          status_notes: closed ? '责任单位已处置完毕，监督员现场核查通过，予以结案。' : '已立案，等待责任单位处置。',
          agency_responsible: '娄星区城管执法局',
          requested_datetime: iso(at),
          updated_datetime: iso(at + (closed ? Math.floor(rnd() * 2 * 86_400_000) : 0)),
          address: `娄底市娄星区${p.grid}`,
          lat: p.lat,
          long: p.long,
        });
      }
    }
    if (shape === 'json') buffer += ']\n';
    flush(true);
  } finally {
    closeSync(fd);
  }
  return { records, bytes, byCategory, cmReceived: SEED_CM_RECEIVED * copies, cmClosed: SEED_CM_CLOSED * copies };
}
