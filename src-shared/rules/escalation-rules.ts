import { z } from 'zod';
import { SeveritySchema, severityRank, type Severity } from '../domain/incident';
import { firingKey } from './firing-key';

/**
 * Escalation rules: "when at least `count` incidents of these categories, at or above this
 * severity, arrive in one grid (or across the chosen grids) within `windowMinutes`, raise an alert
 * of this level and notify these people". Stored as versioned rule sets (every save is a new
 * version, older ones stay readable), validated here, evaluated by the main process's rule service
 * as incidents arrive. Pure: no storage, no clock.
 */

/** Who a rule notifies (roles at the centre). */
export const NOTIFY_TARGETS = ['duty', 'leader', 'analyst', 'unit', 'commander'] as const;
export const NotifyTargetSchema = z.enum(NOTIFY_TARGETS);
export type NotifyTarget = z.infer<typeof NotifyTargetSchema>;

const CategoryPattern = z
  .string()
  .trim()
  .regex(/^[a-z]{2}(\.[a-z0-9_-]+)*(\.\*)?$/, 'a category is a code like gg.neighbour, or a family like gg.*');

export const EscalationRuleSchema = z
  .object({
    /** Stable within a rule set: `r1`, `flooding`… */
    id: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/, 'a rule id is 1–40 letters, digits, - or _'),
    name: z.string().trim().min(1, 'a rule needs a name').max(80),
    enabled: z.boolean().default(true),
    /** Category codes or families (`gg.*`); empty: every category. */
    categories: z.array(CategoryPattern).max(40).default([]),
    /** Incidents at or above this severity count. */
    minSeverity: SeveritySchema.default('blue'),
    /** Grid ids; empty: every grid. */
    grids: z.array(z.string().regex(/^\d{6}-\d{2}$/, 'a grid is its code, e.g. 431302-05')).max(39).default([]),
    /** `grid`: counted within each grid; `area`: counted across the rule's grids together. */
    scope: z.enum(['grid', 'area']).default('grid'),
    count: z.number().int().min(1, 'the count is at least 1').max(10_000),
    windowMinutes: z.number().int().min(1).max(7 * 24 * 60, 'the window is at most a week'),
    /** The duty alert's level when the rule fires. */
    level: SeveritySchema,
    notify: z.array(NotifyTargetSchema).min(1, 'a rule notifies someone'),
  })
  .strict();
export type EscalationRule = z.infer<typeof EscalationRuleSchema>;
export type EscalationRuleInput = z.input<typeof EscalationRuleSchema>;

export const EscalationRulesSchema = z
  .array(EscalationRuleSchema)
  .max(200)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      if (seen.has(r.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `rule id ${r.id} is used twice` });
      seen.add(r.id);
    });
  });

/** A saved version of the rule set. */
export const RuleSetVersionSchema = z.object({
  version: z.number().int().positive(),
  savedAt: z.number().int(),
  savedBy: z.string(),
  note: z.string(),
  rules: z.array(EscalationRuleSchema),
});
export type RuleSetVersion = z.infer<typeof RuleSetVersionSchema>;

export const RuleSetVersionInfoSchema = RuleSetVersionSchema.omit({ rules: true }).extend({ ruleCount: z.number().int() });
export type RuleSetVersionInfo = z.infer<typeof RuleSetVersionInfoSchema>;

/** The rules in force and every version saved, newest first. */
export const RulesStateSchema = z.object({
  current: RuleSetVersionSchema.nullable(),
  versions: z.array(RuleSetVersionInfoSchema),
});
export type RulesState = z.infer<typeof RulesStateSchema>;

export const SaveRulesSchema = z.object({ rules: EscalationRulesSchema, note: z.string().trim().max(500).default('') }).strict();
export const RulesVersionRequestSchema = z.object({ version: z.number().int().positive() }).strict();

/** A rule that fired: what the duty alert shows and the history keeps. */
export const RuleFiringSchema = z.object({
  ruleId: z.string(),
  ruleName: z.string(),
  /** The rule set version the rule came from. */
  version: z.number().int(),
  level: SeveritySchema,
  notify: z.array(NotifyTargetSchema),
  /** The grid counted in (scope grid), or null (scope area). */
  gridId: z.string().nullable(),
  count: z.number().int(),
  threshold: z.number().int(),
  windowMinutes: z.number().int(),
  /** The incidents counted, newest first (at most 50). */
  incidentIds: z.array(z.string()),
  at: z.number().int(),
});
export type RuleFiring = z.infer<typeof RuleFiringSchema>;

/** What a rule looks at of an incident. */
export interface RuleIncident {
  id: string;
  category: string;
  severity: Severity;
  gridId: string | null;
  reportedAt: number;
}

/** Whether a category code matches a rule's pattern (`gg.neighbour`, the family `gg.*`, or `gg`). */
export function categoryMatches(pattern: string, category: string): boolean {
  if (pattern.endsWith('.*')) return category.startsWith(pattern.slice(0, -1));
  return category === pattern || category.startsWith(`${pattern}.`);
}

/** Whether an incident counts for a rule (category, severity and grid; not its time). */
export function ruleMatches(rule: EscalationRule, i: RuleIncident): boolean {
  if (!rule.enabled) return false;
  if (rule.categories.length && !rule.categories.some((p) => categoryMatches(p, i.category))) return false;
  if (severityRank(i.severity) > severityRank(rule.minSeverity)) return false;
  if (rule.grids.length && (!i.gridId || !rule.grids.includes(i.gridId))) return false;
  return true;
}

/** The longest window of the enabled rules, ms: how far back the service needs incidents. */
export function longestWindowMs(rules: readonly EscalationRule[]): number {
  return Math.max(0, ...rules.filter((r) => r.enabled).map((r) => r.windowMinutes * 60_000));
}

export { firingKey };

/**
 * Evaluates the rules for incidents that just arrived. `recent` holds the incidents of the last
 * `longestWindowMs` (the arrivals included); a rule fires for a grid (or its area) when an arrival
 * matches it and the matching incidents in its window reach its count, unless it fired for the same
 * key within its window already (`lastFired`, key → epoch ms).
 */
export function evaluateRules(
  rules: readonly EscalationRule[],
  version: number,
  arrivals: readonly RuleIncident[],
  recent: readonly RuleIncident[],
  now: number,
  lastFired: ReadonlyMap<string, number> = new Map(),
): RuleFiring[] {
  const firings: RuleFiring[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const since = now - rule.windowMinutes * 60_000;
    const keys = new Set<string | null>();
    for (const a of arrivals) if (a.reportedAt >= since && a.reportedAt <= now && ruleMatches(rule, a)) keys.add(rule.scope === 'grid' ? a.gridId : null);
    for (const gridId of keys) {
      const key = firingKey(rule.id, gridId);
      const last = lastFired.get(key);
      if (last !== undefined && last >= since) continue;
      const counted = recent
        .filter((i) => i.reportedAt >= since && i.reportedAt <= now && ruleMatches(rule, i) && (rule.scope === 'area' || i.gridId === gridId))
        .sort((a, b) => b.reportedAt - a.reportedAt);
      if (counted.length < rule.count) continue;
      firings.push({
        ruleId: rule.id,
        ruleName: rule.name,
        version,
        level: rule.level,
        notify: [...rule.notify],
        gridId,
        count: counted.length,
        threshold: rule.count,
        windowMinutes: rule.windowMinutes,
        incidentIds: counted.slice(0, 50).map((i) => i.id),
        at: now,
      });
    }
  }
  return firings;
}
