import { LOUDI_GRIDS } from '@shared/geo/grids';
import type { GridEvent } from '@shared/wire/grid-event';
import { fromWgs84 } from '../feeds/coords';
import { chinaTime } from '@shared/domain/china-time';
import { mulberry32, pick, weightedIndex, type Random } from '@shared/prng';

/**
 * City-management cases (智慧城管) as an Open311 GeoReport v2 endpoint serves them: supervisors'
 * and citizens' (随手拍) reports of the GB/T 30428 components and events, in GCJ-02 as Chinese
 * map vendors' apps send them, moving through the closed loop to closure (95.62% in the source).
 */

/**
 * The source gives 1,964 cases accepted and 1,878 closed without saying over what period; the
 * simulator assumes one month, about 65 a day.
 */
export const CM_CASES_PER_DAY = 65;

interface Service {
  code: string;
  name: string;
  weight: number;
}

export const CM_SERVICES: readonly Service[] = [
  { code: 'garbage', name: '暴露垃圾', weight: 22 },
  { code: 'street_vending', name: '占道经营', weight: 18 },
  { code: 'illegal_parking', name: '违章停车', weight: 14 },
  { code: 'manhole', name: '井盖破损/缺失', weight: 8 },
  { code: 'road_damage', name: '道路破损', weight: 8 },
  { code: 'streetlight', name: '路灯故障', weight: 7 },
  { code: 'traffic_light', name: '交通信号灯故障', weight: 3 },
  { code: 'illegal_advert', name: '违规广告', weight: 7 },
  { code: 'construction_waste', name: '施工管理/渣土', weight: 6 },
  { code: 'greening', name: '园林绿化', weight: 4 },
  { code: 'public_facility', name: '其他公共设施', weight: 3 },
];
const SERVICE_WEIGHTS = CM_SERVICES.map((s) => s.weight);
const AGENCIES = ['娄星区城管执法局', '市市政设施维护中心', '市园林局', '乐坪街道办', '花山街道办', '大科街道办'];
const ROADS = ['乐坪大道', '湘中大道', '长青中街', '娄星南路', '氐星路', '吉星路', '涟滨东路', '大科路', '花山路', '石井路'];

/** A GeoReport v2 service request, as served. */
export interface ServiceRequest {
  service_request_id: string;
  status: string;
  status_notes: string | null;
  service_name: string;
  service_code: string;
  description: string;
  agency_responsible: string | null;
  requested_datetime: string;
  updated_datetime: string;
  address: string;
  lat: number;
  long: number;
}

interface Step {
  at: number;
  status: string;
  id: string;
}

/** Grid-governance titles that are also city-management cases: a citizen reports them too. */
const MIRRORS: Record<string, string> = {
  井盖缺失报告: 'manhole',
  占道经营投诉: 'street_vending',
  路灯故障报告: 'streetlight',
  违章搭建投诉: 'construction_waste',
  施工扰民投诉: 'construction_waste',
};

export class CityCases {
  private readonly rnd: Random;
  private readonly requests = new Map<string, ServiceRequest & { updatedMs: number }>();
  private pending: Step[] = [];
  private serial = 0;

  constructor(
    seed: number,
    private readonly prefix: string,
  ) {
    this.rnd = mulberry32(seed ^ 0x2c1b3c6d);
  }

  /** A new case reported at `at`, at a random place in the grids (or at `where`, WGS-84). */
  report(at: number, where?: { lon: number; lat: number; serviceCode?: string }): ServiceRequest {
    const rnd = this.rnd;
    this.serial += 1;
    const service = where?.serviceCode
      ? (CM_SERVICES.find((s) => s.code === where.serviceCode) ?? CM_SERVICES[0]!)
      : CM_SERVICES[weightedIndex(rnd, SERVICE_WEIGHTS)]!;
    let lon: number;
    let lat: number;
    if (where) {
      // A citizen's phone puts it a few tens of metres from the grid worker's position.
      lon = where.lon + (rnd() - 0.5) * 0.0006;
      lat = where.lat + (rnd() - 0.5) * 0.0006;
    } else {
      const g = pick(rnd, LOUDI_GRIDS);
      lon = g.bbox.west + (g.bbox.east - g.bbox.west) * (0.05 + 0.9 * rnd());
      lat = g.bbox.south + (g.bbox.north - g.bbox.south) * (0.05 + 0.9 * rnd());
    }
    const [gLon, gLat] = fromWgs84(lon, lat, 'GCJ02');
    const road = pick(rnd, ROADS);
    const id = `${this.prefix}-${String(this.serial).padStart(6, '0')}`;
    const r = {
      service_request_id: id,
      status: 'open',
      status_notes: null,
      service_name: service.name,
      service_code: service.code,
      description: `${where ? '市民随手拍' : '监督员上报'}：${road}附近${service.name}，请处置。`,
      agency_responsible: null,
      requested_datetime: chinaTime(at),
      updated_datetime: chinaTime(at),
      address: `娄底市娄星区${road}${1 + Math.floor(rnd() * 300)}号`,
      lat: Math.round(gLat * 1e6) / 1e6,
      long: Math.round(gLon * 1e6) / 1e6,
      updatedMs: at,
    };
    this.requests.set(id, r);
    this.plan(id, at);
    return r;
  }

  /** A grid event that is also a city-management case gets a citizen's report a few minutes later. */
  mirrorOf(e: GridEvent, at: number): boolean {
    const base = e.title.replace(/（.*）$/, '');
    const code = MIRRORS[base];
    if (!code || this.rnd() > 0.5) return false;
    this.report(at + Math.round((1 + this.rnd() * 8) * 60_000), { lon: e.lng, lat: e.lat, serviceCode: code });
    return true;
  }

  /** Applies the state changes due by `now`. */
  advance(now: number): void {
    while (this.pending.length && this.pending[0]!.at <= now) {
      const s = this.pending.shift()!;
      const r = this.requests.get(s.id);
      if (!r) continue;
      r.status = s.status;
      r.updatedMs = Math.round(s.at);
      r.updated_datetime = chinaTime(r.updatedMs);
      if (s.status !== 'open' && !r.agency_responsible) r.agency_responsible = pick(this.rnd, AGENCIES);
      if (s.status === 'closed') r.status_notes = '已处置完毕，核查结案。';
    }
  }

  /** Requests updated at or after `since` (epoch ms) and reported by `now`, oldest update first, at most `limit`. */
  updatedSince(since: number, now: number, limit = 1000): ServiceRequest[] {
    this.advance(now);
    const out: (ServiceRequest & { updatedMs: number })[] = [];
    for (const r of this.requests.values()) if (r.updatedMs >= since && r.updatedMs <= now) out.push(r);
    out.sort((a, b) => a.updatedMs - b.updatedMs || (a.service_request_id < b.service_request_id ? -1 : 1));
    return out.slice(0, limit).map(({ updatedMs: _u, ...r }) => r);
  }

  get size(): number {
    return this.requests.size;
  }

  /** open → acknowledged → in_progress → closed, about 95.6% closing. */
  private plan(id: string, at: number): void {
    const rnd = this.rnd;
    const min = 60_000;
    let t = at + (2 + rnd() * 15) * min;
    this.schedule({ at: t, status: 'acknowledged', id });
    t += (10 + rnd() * 60) * min;
    this.schedule({ at: t, status: 'in_progress', id });
    if (rnd() < 0.044) return;
    t += (30 + rnd() * 300) * min;
    this.schedule({ at: t, status: 'closed', id });
  }

  private schedule(s: Step): void {
    let lo = 0;
    let hi = this.pending.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.pending[mid]!.at <= s.at) lo = mid + 1;
      else hi = mid;
    }
    this.pending.splice(lo, 0, s);
  }
}
