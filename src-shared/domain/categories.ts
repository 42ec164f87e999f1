/**
 * The 11 event categories of Loudi's grid-based social governance platform (综治网格化管理平台),
 * under the names the city gives them, with the counts the platform had recorded by 31 July 2021
 * (217,396 events). The simulator draws
 * from this mix, so the demo looks like the city.
 */
export interface CategoryInfo {
  /** Stable code, namespaced by the system that defines it (`gg.` = grid governance). */
  code: string;
  zh: string;
  en: string;
  /** Events recorded by 31 July 2021. */
  recorded: number;
}

export const GRID_GOVERNANCE_CATEGORIES = [
  { code: 'gg.epidemic', zh: '疫情防控', en: 'Epidemic control', recorded: 88_905 },
  { code: 'gg.volunteer', zh: '“娄底红”网格志愿服务', en: '“Loudi Red” grid volunteer service', recorded: 31_959 },
  { code: 'gg.labour', zh: '劳动人事争议', en: 'Labour and personnel dispute', recorded: 10_619 },
  { code: 'gg.neighbour', zh: '邻里纠纷', en: 'Neighbour dispute', recorded: 7_272 },
  { code: 'gg.urban-construction', zh: '城乡建设发展纠纷', en: 'Urban and rural construction dispute', recorded: 7_023 },
  { code: 'gg.anti-fraud', zh: '反电诈', en: 'Anti telecom fraud', recorded: 5_196 },
  { code: 'gg.drowning', zh: '防溺水', en: 'Drowning prevention', recorded: 4_327 },
  { code: 'gg.property', zh: '物权纠纷', en: 'Property rights dispute', recorded: 1_590 },
  { code: 'gg.land', zh: '土地及资源权属纠纷', en: 'Land and resource ownership dispute', recorded: 1_324 },
  { code: 'gg.tort', zh: '侵权纠纷', en: 'Tort dispute', recorded: 1_221 },
  { code: 'gg.other', zh: '其他', en: 'Other', recorded: 57_960 },
] as const satisfies readonly CategoryInfo[];

export const CATEGORY_CODES: readonly string[] = GRID_GOVERNANCE_CATEGORIES.map((c) => c.code);

/**
 * Digital city management (数字化城市管理, GB/T 30428) case types, in its two groups: components
 * (部件: a piece of public infrastructure is broken or missing) and events (事件: something happened
 * in public space). `recorded` is 0: the source gives only the total (1,964 cases accepted).
 */
export const CITY_MANAGEMENT_CATEGORIES = [
  { code: 'cm.manhole', zh: '井盖破损/缺失', en: 'Manhole cover broken or missing', group: 'component', recorded: 0 },
  { code: 'cm.street-light', zh: '路灯故障', en: 'Street light fault', group: 'component', recorded: 0 },
  { code: 'cm.traffic-light', zh: '交通信号灯故障', en: 'Traffic light fault', group: 'component', recorded: 0 },
  { code: 'cm.pavement', zh: '道路破损', en: 'Damaged pavement', group: 'component', recorded: 0 },
  { code: 'cm.public-facility', zh: '其他公共设施', en: 'Other public facility', group: 'component', recorded: 0 },
  { code: 'cm.garbage', zh: '暴露垃圾', en: 'Exposed garbage', group: 'event', recorded: 0 },
  { code: 'cm.vending', zh: '占道经营', en: 'Street vending', group: 'event', recorded: 0 },
  { code: 'cm.parking', zh: '违章停车', en: 'Illegal parking', group: 'event', recorded: 0 },
  { code: 'cm.advert', zh: '违规广告', en: 'Illegal advertising', group: 'event', recorded: 0 },
  { code: 'cm.construction', zh: '施工管理/渣土', en: 'Construction and muck', group: 'event', recorded: 0 },
  { code: 'cm.greening', zh: '园林绿化', en: 'Landscaping', group: 'event', recorded: 0 },
  { code: 'cm.other', zh: '其他', en: 'Other (city management)', group: 'event', recorded: 0 },
] as const satisfies readonly (CategoryInfo & { group: 'component' | 'event' })[];

/** Emergencies the centre coordinates (突发事件). */
export const EMERGENCY_CATEGORIES = [
  { code: 'em.flood', zh: '洪水', en: 'Flood', recorded: 0 },
  { code: 'em.waterlogging', zh: '城市内涝', en: 'Urban waterlogging', recorded: 0 },
  { code: 'em.fire', zh: '火灾', en: 'Fire', recorded: 0 },
  { code: 'em.hazchem', zh: '危险化学品', en: 'Hazardous chemicals', recorded: 0 },
  { code: 'em.coal-mine', zh: '煤矿安全', en: 'Coal-mine safety', recorded: 0 },
  { code: 'em.drowning', zh: '溺水', en: 'Drowning', recorded: 0 },
  { code: 'em.traffic-accident', zh: '交通事故', en: 'Traffic accident', recorded: 0 },
  { code: 'em.geological', zh: '地质灾害', en: 'Geological hazard', recorded: 0 },
  { code: 'em.weather', zh: '气象灾害', en: 'Weather hazard', recorded: 0 },
  { code: 'em.other', zh: '其他突发事件', en: 'Other emergency', recorded: 0 },
] as const satisfies readonly CategoryInfo[];

/** The systems a category code belongs to, by its prefix. */
export const CATEGORY_SYSTEMS = ['gg', 'cm', 'em'] as const;
export type CategorySystem = (typeof CATEGORY_SYSTEMS)[number];

/** Every category this build knows: grid governance, city management, emergencies. */
export const ALL_CATEGORIES: readonly CategoryInfo[] = [
  ...GRID_GOVERNANCE_CATEGORIES,
  ...CITY_MANAGEMENT_CATEGORIES,
  ...EMERGENCY_CATEGORIES,
];
export const ALL_CATEGORY_CODES: readonly string[] = ALL_CATEGORIES.map((c) => c.code);

/** The system of a code (`gg`, `cm`, `em`), or undefined for a code outside them. */
export function categorySystem(code: string): CategorySystem | undefined {
  const prefix = code.slice(0, code.indexOf('.'));
  return (CATEGORY_SYSTEMS as readonly string[]).includes(prefix) ? (prefix as CategorySystem) : undefined;
}

/** City-management group of a code: component (部件) or event (事件); undefined for other systems. */
export function cityManagementGroup(code: string): 'component' | 'event' | undefined {
  return CITY_MANAGEMENT_CATEGORIES.find((c) => c.code === code)?.group;
}

const byCode = new Map<string, CategoryInfo>(ALL_CATEGORIES.map((c) => [c.code, c]));

/** The category record for a code, or undefined for a code this build does not know. */
export function categoryInfo(code: string): CategoryInfo | undefined {
  return byCode.get(code);
}

/** Total events recorded across the categories (217,396 in the source). */
export const RECORDED_TOTAL = GRID_GOVERNANCE_CATEGORIES.reduce((sum, c) => sum + c.recorded, 0);
