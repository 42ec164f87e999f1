/**
 * The 11 event categories of Loudi's grid-based social governance platform (综治网格化管理平台),
 * with the counts the platform had recorded by 31 July 2021 (217,396 events). The simulator draws
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
  { code: 'gg.volunteer', zh: '娄底红志愿服务', en: 'Grid volunteer service', recorded: 31_959 },
  { code: 'gg.labour', zh: '劳资纠纷', en: 'Labour dispute', recorded: 10_619 },
  { code: 'gg.neighbour', zh: '邻里纠纷', en: 'Neighbour dispute', recorded: 7_272 },
  { code: 'gg.urban-construction', zh: '城建纠纷', en: 'Urban construction dispute', recorded: 7_023 },
  { code: 'gg.anti-fraud', zh: '反诈骗', en: 'Anti-fraud', recorded: 5_196 },
  { code: 'gg.drowning', zh: '防溺水', en: 'Drowning prevention', recorded: 4_327 },
  { code: 'gg.property', zh: '物业纠纷', en: 'Property dispute', recorded: 1_590 },
  { code: 'gg.land', zh: '山林土地权属纠纷', en: 'Land and resource ownership', recorded: 1_324 },
  { code: 'gg.tort', zh: '侵权纠纷', en: 'Tort dispute', recorded: 1_221 },
  { code: 'gg.other', zh: '其他', en: 'Other', recorded: 57_960 },
] as const satisfies readonly CategoryInfo[];

export type GridGovernanceCategory = (typeof GRID_GOVERNANCE_CATEGORIES)[number]['code'];

export const CATEGORY_CODES: readonly string[] = GRID_GOVERNANCE_CATEGORIES.map((c) => c.code);

const byCode = new Map<string, CategoryInfo>(GRID_GOVERNANCE_CATEGORIES.map((c) => [c.code, c]));

/** The category record for a code, or undefined for a code this build does not know. */
export function categoryInfo(code: string): CategoryInfo | undefined {
  return byCode.get(code);
}

/** Total events recorded across the categories (217,396 in the source). */
export const RECORDED_TOTAL = GRID_GOVERNANCE_CATEGORIES.reduce((sum, c) => sum + c.recorded, 0);
