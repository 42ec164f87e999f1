import { categoryByName } from '@shared/domain/category-names';
import type { Severity } from '@shared/domain/incident';

/**
 * Per-source mapping onto the console's category codes (src-shared/domain/categories.ts):
 * city-management (GB/T 30428) codes for Open311 service requests, emergency codes for CAP
 * events and sensor thresholds. Unknown input maps to the `other` code of its family, never
 * to nothing.
 */

interface Rule {
  code: string;
  /** Lower-case fragments matched against the service code and name (Chinese and English). */
  match: readonly string[];
  severity?: Severity;
}

/** Open311 `service_code` / `service_name` → city-management category, first match wins. */
const OPEN311_RULES: readonly Rule[] = [
  { code: 'cm.manhole', match: ['manhole', 'drain cover', '井盖'], severity: 'yellow' },
  { code: 'cm.traffic-light', match: ['traffic_light', 'traffic light', 'traffic signal', '信号灯', '红绿灯'], severity: 'yellow' },
  { code: 'cm.street-light', match: ['streetlight', 'street_light', 'street light', 'lighting', '路灯'] },
  { code: 'cm.pavement', match: ['pothole', 'pavement', 'road_damage', 'road surface', '道路破损', '路面', '坑'] },
  { code: 'cm.public-facility', match: ['public_facility', 'bench', 'bus stop', 'sign', '公共设施', '护栏'] },
  { code: 'cm.garbage', match: ['garbage', 'rubbish', 'refuse', 'litter', 'fly tipping', 'fly_tipping', '垃圾'] },
  { code: 'cm.vending', match: ['vending', 'street_vending', 'hawker', '占道经营', '摊'] },
  { code: 'cm.parking', match: ['parking', 'abandoned vehicle', 'abandoned_vehicle', '停车'] },
  { code: 'cm.advert', match: ['advert', 'graffiti', 'flyposting', 'poster', '广告'] },
  { code: 'cm.construction', match: ['construction', 'muck', 'building', '施工', '渣土'] },
  { code: 'cm.greening', match: ['greening', 'tree', 'grass', 'park', '绿化', '树'] },
];

/**
 * Open311 service → category: a service code or name that is a category's own name or code (the
 * grid-governance platform's 11 categories, say) goes there; then the city-management rules; a
 * service none of them knows is `cm.other` with `unmapped` set, so imports can count and list it.
 */
export function open311Category(serviceCode: string, serviceName: string): { code: string; severity: Severity; unmapped: boolean } {
  const named = categoryByName(serviceCode) ?? categoryByName(serviceName);
  if (named) return { code: named, severity: OPEN311_RULES.find((r) => r.code === named)?.severity ?? 'blue', unmapped: false };
  const text = `${serviceCode} ${serviceName}`.toLowerCase();
  const rule = OPEN311_RULES.find((r) => r.match.some((m) => text.includes(m)));
  return { code: rule?.code ?? 'cm.other', severity: rule?.severity ?? 'blue', unmapped: !rule };
}

/** CAP `<event>` (any language) or `<eventCode>` → emergency category. */
const CAP_RULES: readonly Rule[] = [
  { code: 'em.waterlogging', match: ['内涝', 'waterlogging', 'urban flood'] },
  { code: 'em.flood', match: ['洪水', '洪涝', '汛', '水位', 'flood', 'river'] },
  { code: 'em.geological', match: ['地质', '滑坡', '泥石流', '崩塌', 'landslide', 'debris', 'geolog'] },
  { code: 'em.fire', match: ['火', 'fire'] },
  { code: 'em.hazchem', match: ['危化', '危险化学品', 'chemical', 'hazmat'] },
  { code: 'em.coal-mine', match: ['煤矿', 'mine'] },
  { code: 'em.traffic-accident', match: ['交通事故', 'traffic accident'] },
  {
    code: 'em.weather',
    match: ['暴雨', '大风', '雷电', '冰雹', '高温', '寒潮', '大雾', '道路结冰', '台风', '暴雪', '干旱', 'rain', 'storm', 'wind', 'gale', 'thunder', 'hail', 'heat', 'cold', 'fog', 'snow', 'ice', 'typhoon', 'drought', 'weather'],
  },
];

export function capCategory(texts: readonly string[]): string {
  const text = texts.join(' ').toLowerCase();
  return CAP_RULES.find((r) => r.match.some((m) => text.includes(m)))?.code ?? 'em.other';
}

/** A water-level reading against its station's thresholds. */
export interface LevelThresholds {
  levelM: number;
  warnM: number;
  dangerM: number;
  /** River stations flood; urban (underpass, low street) stations become waterlogging. */
  kind: 'river' | 'urban';
}

/**
 * Sensor thresholds → an emergency, or null while the level is normal: at or above the warning
 * level yellow, at or above the danger level orange, half a metre over danger red.
 */
export function waterLevelSeverity(t: LevelThresholds): { code: string; severity: Severity } | null {
  if (t.levelM < t.warnM) return null;
  const code = t.kind === 'urban' ? 'em.waterlogging' : 'em.flood';
  if (t.levelM >= t.dangerM + 0.5) return { code, severity: 'red' };
  if (t.levelM >= t.dangerM) return { code, severity: 'orange' };
  return { code, severity: 'yellow' };
}

/**
 * Categories that can describe the same event seen by two systems (a grid worker's report and
 * a citizen's Open311 request, a drowning report and a 110 call). Same code always counts.
 */
const RELATED: readonly (readonly string[])[] = [
  ['gg.drowning', 'em.drowning'],
  ['gg.urban-construction', 'cm.construction'],
  ['em.flood', 'em.waterlogging', 'em.weather'],
  ['gg.other', 'cm.manhole', 'cm.street-light', 'cm.traffic-light', 'cm.pavement', 'cm.public-facility', 'cm.vending', 'cm.garbage', 'cm.parking', 'cm.other'],
];

export function relatedCategories(a: string, b: string): boolean {
  if (a === b) return true;
  // Within one system two different codes are two different things (a manhole is not a lamp).
  if (a.split('.')[0] === b.split('.')[0]) return false;
  return RELATED.some((group) => group.includes(a) && group.includes(b));
}
