import { writeFileSync } from 'node:fs';
import { GRID_GOVERNANCE_CATEGORIES } from '@shared/domain/categories';
import { dutyDayStart } from '@shared/domain/duty-day';
import { LOUDI_GRIDS } from '@shared/geo/grids';
import { mulberry32, pick } from '@shared/prng';
import { CM_SERVICES } from './city-cases';

const iso = (t: number): string => new Date(t + 8 * 3_600_000).toISOString().replace('Z', '+08:00').replace(/\.\d{3}/, '');

/**
 * An Open311 file of `n` cases reported in the duty day that contains `now` (from its 08:00 China
 * time up to a minute before `now`), grid-governance events and city-management cases mixed, two
 * in three closed: the briefing's test and benchmark import it (`cli ingest --format open311`).
 */
export function writeDutyDayExport(path: string, n: number, now: number, seed = 20261201): { records: number; from: number; to: number } {
  const rnd = mulberry32(seed);
  const from = dutyDayStart(now);
  const to = Math.max(from + 60_000, now - 60_000);
  const records: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const at = from + Math.floor(rnd() * (to - from));
    const g = pick(rnd, LOUDI_GRIDS);
    const long = Math.round((g.bbox.west + (g.bbox.east - g.bbox.west) * (0.05 + 0.9 * rnd())) * 1e6) / 1e6;
    const lat = Math.round((g.bbox.south + (g.bbox.north - g.bbox.south) * (0.05 + 0.9 * rnd())) * 1e6) / 1e6;
    const closed = rnd() < 0.66;
    const cm = rnd() < 0.4;
    const name = cm ? pick(rnd, CM_SERVICES).name : pick(rnd, GRID_GOVERNANCE_CATEGORIES).zh;
    records.push({
      service_request_id: `DUTY-${i}`,
      status: closed ? 'closed' : 'open',
      service_code: cm ? pick(rnd, CM_SERVICES).code : name,
      service_name: name,
      description: `${g.zh}：${name}，请处置。`,
      status_notes: closed ? '已处置完毕，核查通过，予以结案。' : '已受理，正在处置。',
      requested_datetime: iso(at),
      updated_datetime: iso(closed ? Math.min(to, at + Math.floor(rnd() * 3_600_000)) : at),
      address: `娄底市娄星区${g.zh}`,
      lat,
      long,
    });
  }
  writeFileSync(path, JSON.stringify(records));
  return { records: n, from, to };
}
