import { GRID_GOVERNANCE_CATEGORIES } from '@shared/domain/categories';
import { LOUDI_GRIDS } from '@shared/geo/grids';
import type { GridEvent } from '@shared/wire/grid-event';
import { chinaTime } from '@shared/domain/china-time';
import { mulberry32, pick, weightedIndex, type Random } from '@shared/prng';

/**
 * Grid-governance events that look like Loudi's: the real category mix (MISSION figures), placed
 * inside the 39 responsibility grids with a few busier grids, Chinese titles and addresses, and a
 * case that moves along the closed loop over the following hours. Everything derives from the seed.
 */

const ROADS = [
  '乐坪大道', '湘中大道', '长青中街', '娄星南路', '氐星路', '吉星路', '月塘街', '春园路',
  '涟滨东路', '大科路', '花山路', '石井路', '贤童街', '新星南路', '万豪路', '洪家路',
];
const COMMUNITIES = [
  '童家社区', '月塘社区', '长青社区', '乐坪社区', '花山社区', '大科社区', '涟滨社区', '石井社区',
  '湘中社区', '黄泥塘社区', '春园社区', '吉星社区',
];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const UNITS = ['娄星区城管局', '娄星区综治中心', '乐坪街道办', '花山街道办', '大科街道办', '长青街道办', '市水利局', '市公安局娄星分局'];

/**
 * Severity weights [red, orange, yellow, blue] (level 1–4), by what an event is. Most grid
 * events are minor; routine work (a registration, a visit, a delivery, a publicity round) is
 * never red or orange, and only events with a risk to life or many people reach red.
 */
export const SEVERITY_WEIGHTS = {
  /** Registrations, visits, deliveries, publicity: paperwork and service, never urgent. */
  routine: [0, 0, 5, 95],
  /** Complaints and civil disputes: can escalate to a crowd, rarely to a threat. */
  dispute: [0, 1.5, 13.5, 85],
  /** Health monitoring and gatherings: a cluster can be serious. */
  health: [0.3, 4, 20.7, 75],
  /** Fraud and pyramid schemes in progress: money and many victims at stake. */
  fraud: [0.5, 6, 23.5, 70],
  /** Wages owed to many workers: a crowd can gather. */
  wages: [0.5, 5, 20, 74.5],
  /** Children and swimmers by the water: life at risk. */
  water: [2, 8, 25, 65],
  /** Hazards in the street (water, open manholes): can hurt someone. */
  hazard: [0.3, 2.7, 22, 75],
} as const satisfies Record<string, readonly [number, number, number, number]>;

export type SeverityProfile = keyof typeof SEVERITY_WEIGHTS;

/** What a grid event can be, per category, each with the severity profile it draws from. */
export const TEMPLATES: Record<string, readonly (readonly [title: string, profile: SeverityProfile])[]> = {
  'gg.epidemic': [['返乡人员报备核查', 'routine'], ['健康监测异常跟踪', 'health'], ['重点人员居家健康监测', 'routine'], ['疫苗接种摸排登记', 'routine'], ['聚集性活动劝导', 'health']],
  'gg.volunteer': [['“娄底红”志愿服务：独居老人走访', 'routine'], ['“娄底红”志愿服务：文明劝导', 'routine'], ['“娄底红”志愿服务：助老送药', 'routine']],
  'gg.labour': [['农民工讨薪求助', 'wages'], ['工地拖欠工资纠纷', 'wages'], ['劳动合同纠纷调解', 'dispute']],
  'gg.neighbour': [['邻里噪音纠纷', 'dispute'], ['楼道杂物堆放纠纷', 'dispute'], ['相邻通行纠纷', 'dispute'], ['漏水引发邻里矛盾', 'dispute']],
  'gg.urban-construction': [['违章搭建投诉', 'dispute'], ['施工扰民投诉', 'dispute'], ['拆迁补偿纠纷', 'dispute']],
  'gg.anti-fraud': [['疑似电信诈骗劝阻', 'fraud'], ['反诈宣传入户', 'routine'], ['疑似传销活动核查', 'fraud']],
  'gg.drowning': [['河塘边儿童嬉水劝离', 'water'], ['防溺水警示牌损坏', 'hazard'], ['水库边野泳劝导', 'water']],
  'gg.property': [['房屋产权归属纠纷', 'dispute'], ['共有财产分割纠纷', 'dispute'], ['相邻用水排水权利纠纷', 'dispute']],
  'gg.land': [['山林权属纠纷', 'dispute'], ['宅基地边界纠纷', 'dispute']],
  'gg.tort': [['交通事故赔偿纠纷', 'dispute'], ['宠物伤人赔偿纠纷', 'dispute']],
  'gg.other': [['道路积水求助', 'hazard'], ['井盖缺失报告', 'hazard'], ['占道经营投诉', 'dispute'], ['精神障碍患者送药协调', 'routine'], ['路灯故障报告', 'routine']],
};
const FALLBACK_TEMPLATE = ['事件上报', 'dispute'] as const;

const CATEGORY_WEIGHTS = GRID_GOVERNANCE_CATEGORIES.map((c) => c.recorded);
/** A few busier grids, so the heat is uneven as in a real city (centre and the station area). */
const GRID_WEIGHTS = LOUDI_GRIDS.map((g) => {
  const dx = g.center[0] - 112.0019;
  const dy = g.center[1] - 27.7299;
  return 1 + 6 * Math.exp(-(dx * dx + dy * dy) / 0.0004) + (g.index % 7 === 3 ? 2 : 0);
});

/**
 * Mean events a day of each category in each grid at the city's rate (`perDay`, 791 by default):
 * `rates[category][grid]`, in GRID_GOVERNANCE_CATEGORIES and LOUDI_GRIDS order — the mix the
 * generator draws from, for evaluations that need the expected counts.
 */
export function gridEventRates(perDay = 791): number[][] {
  const categoryTotal = CATEGORY_WEIGHTS.reduce((a, b) => a + b, 0);
  const gridTotal = GRID_WEIGHTS.reduce((a, b) => a + b, 0);
  return CATEGORY_WEIGHTS.map((c) => GRID_WEIGHTS.map((g) => (perDay * c * g) / (categoryTotal * gridTotal)));
}

/** One future state change of a case. */
export interface PlannedChange {
  at: number;
  state: GridEvent['state'];
  unit: string | null;
}

export interface GeneratedEvent {
  event: GridEvent;
  /** The states the case will pass through after being reported, with their times. */
  plan: PlannedChange[];
}

export class GridEventGenerator {
  private readonly rnd: Random;
  private serial = 0;

  constructor(
    seed: number,
    private readonly runId: string,
  ) {
    this.rnd = mulberry32(seed);
  }

  /** The next event, reported at `at` (epoch ms). */
  next(at: number): GeneratedEvent {
    const rnd = this.rnd;
    this.serial += 1;
    const category = GRID_GOVERNANCE_CATEGORIES[weightedIndex(rnd, CATEGORY_WEIGHTS)]!;
    const grid = LOUDI_GRIDS[weightedIndex(rnd, GRID_WEIGHTS)]!;
    const [w, , e] = [grid.bbox.west, 0, grid.bbox.east];
    // Stay a little inside the cell so that rounding never moves a point across a boundary.
    const lng = w + (e - w) * (0.02 + 0.96 * rnd());
    const lat = grid.bbox.south + (grid.bbox.north - grid.bbox.south) * (0.02 + 0.96 * rnd());
    const road = pick(rnd, ROADS);
    const community = pick(rnd, COMMUNITIES);
    const [title, profile] = pick(rnd, TEMPLATES[category.code] ?? [FALLBACK_TEMPLATE]);
    const level = 1 + weightedIndex(rnd, SEVERITY_WEIGHTS[profile]);
    const number = 1 + Math.floor(rnd() * 300);
    const unit = pick(rnd, UNITS);
    const event: GridEvent = {
      eventId: `${this.runId}-${pad(this.serial, 6)}`,
      categoryCode: category.code,
      level,
      title: `${title}（${community}）`,
      content: `网格员上报：${road}${number}号附近，${title}，请相关单位核实处置。`,
      lng: Math.round(lng * 1e6) / 1e6,
      lat: Math.round(lat * 1e6) / 1e6,
      coordSys: 'WGS84',
      gridCode: grid.id,
      address: `娄底市娄星区${road}${number}号`,
      reportTime: chinaTime(at),
      state: 'reported',
      unit: null,
    };
    return { event, plan: this.plan(at, unit) };
  }

  /** The closed loop: register → dispatch → handle → feedback → close, ~95.6% of cases closing. */
  private plan(at: number, unit: string): PlannedChange[] {
    const rnd = this.rnd;
    const minute = 60_000;
    const r = rnd();
    if (r < 0.01) return [{ at: at + (2 + rnd() * 10) * minute, state: 'duplicate', unit: null }];
    if (r < 0.02) return [{ at: at + (2 + rnd() * 10) * minute, state: 'rejected', unit: null }];
    const steps: PlannedChange[] = [];
    let t = at + (1 + rnd() * 9) * minute;
    steps.push({ at: t, state: 'registered', unit: null });
    t += (3 + rnd() * 25) * minute;
    steps.push({ at: t, state: 'dispatched', unit });
    t += (5 + rnd() * 55) * minute;
    steps.push({ at: t, state: 'handling', unit });
    const staysOpen = r > 0.976; // with rejections and duplicates, ≈95.6% of accepted cases close
    if (staysOpen) return steps;
    t += (20 + rnd() * 240) * minute;
    steps.push({ at: t, state: 'feedback', unit });
    t += (10 + rnd() * 120) * minute;
    steps.push({ at: t, state: 'closed', unit });
    return steps;
  }
}
