import { CITY_MANAGEMENT_CATEGORIES, EMERGENCY_CATEGORIES, GRID_GOVERNANCE_CATEGORIES } from './categories';

/**
 * A category by the name or code a source system gives it: the city's own names (疫情防控,
 * “娄底红”网格志愿服务 …), the console's codes (`gg.epidemic`), a grid-governance code without its
 * prefix (`epidemic`) and the English names. Whatever the transport (Open311, JSON, CSV, the grid
 * stream), a record named like one of the 11 grid-governance categories lands there. Where two
 * systems share a name (其他), the grid-governance category wins: it is the platform that uses it.
 */

/** Case, spaces and quotation marks do not matter: “娄底红”网格志愿服务 = 娄底红网格志愿服务. */
export function normalizeCategoryName(text: string): string {
  return text.normalize('NFKC').replace(/[\s"'“”‘’「」『』《》]/g, '').toLowerCase();
}

const index = new Map<string, string>();
for (const c of [...EMERGENCY_CATEGORIES, ...CITY_MANAGEMENT_CATEGORIES, ...GRID_GOVERNANCE_CATEGORIES]) {
  // Later entries win: grid governance last.
  for (const name of [c.code, c.zh, c.en]) index.set(normalizeCategoryName(name), c.code);
}
for (const c of GRID_GOVERNANCE_CATEGORIES) index.set(normalizeCategoryName(c.code.slice(3)), c.code);

/** The category code a name or code stands for, or undefined when it names none of them. */
export function categoryByName(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  return index.get(normalizeCategoryName(text));
}
