import { EscalationRulesSchema, firingKey, type EscalationRuleInput, type RuleFiring, type RuleSetVersion, type RulesState } from '@shared/rules/escalation-rules';
import type { Db } from './database';

interface VersionRow {
  version: number;
  saved_at: number;
  saved_by: string;
  note: string;
  rules: string;
}

const fromRow = (r: VersionRow): RuleSetVersion => ({
  version: r.version,
  savedAt: r.saved_at,
  savedBy: r.saved_by,
  note: r.note,
  rules: EscalationRulesSchema.parse(JSON.parse(r.rules)),
});

/**
 * The escalation rule set (migration 0041): every save is a new version (the highest is in
 * force), older versions stay readable, nothing is overwritten; and the firings, so a rule fires
 * once per grid and window even across restarts.
 */
export class RuleStore {
  constructor(private readonly db: Db) {}

  current(): RuleSetVersion | null {
    const row = this.db.prepare('SELECT * FROM escalation_rule_versions ORDER BY version DESC LIMIT 1').get() as VersionRow | undefined;
    return row ? fromRow(row) : null;
  }

  version(version: number): RuleSetVersion | undefined {
    const row = this.db.prepare('SELECT * FROM escalation_rule_versions WHERE version = ?').get(version) as VersionRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  state(): RulesState {
    const rows = this.db.prepare('SELECT * FROM escalation_rule_versions ORDER BY version DESC').all() as VersionRow[];
    return {
      current: rows[0] ? fromRow(rows[0]) : null,
      versions: rows.map((r) => ({ version: r.version, savedAt: r.saved_at, savedBy: r.saved_by, note: r.note, ruleCount: (JSON.parse(r.rules) as unknown[]).length })),
    };
  }

  /** Validates and saves the rules as the next version; a refused set changes nothing stored. */
  save(rules: readonly EscalationRuleInput[], savedBy: string, note: string, at: number): RuleSetVersion {
    const valid = EscalationRulesSchema.parse(rules);
    return this.db.transaction(() => {
      const next = ((this.db.prepare('SELECT MAX(version) FROM escalation_rule_versions').pluck().get() as number | null) ?? 0) + 1;
      this.db
        .prepare('INSERT INTO escalation_rule_versions (version, saved_at, saved_by, note, rules) VALUES (?, ?, ?, ?, ?)')
        .run(next, at, savedBy, note, JSON.stringify(valid));
      return this.version(next)!;
    })();
  }

  /** When each (rule, grid) last fired, for the rules given (key → epoch ms). */
  lastFired(ruleIds: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    if (!ruleIds.length) return out;
    const rows = this.db
      .prepare(`SELECT rule_key, MAX(at) AS at FROM rule_firings WHERE ${ruleIds.map(() => 'rule_key LIKE ?').join(' OR ')} GROUP BY rule_key`)
      .all(...ruleIds.map((id) => `${id}@%`)) as { rule_key: string; at: number }[];
    for (const r of rows) out.set(r.rule_key, r.at);
    return out;
  }

  recordFirings(firings: readonly RuleFiring[]): void {
    const insert = this.db.prepare('INSERT INTO rule_firings (rule_key, version, at, firing) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const f of firings) insert.run(firingKey(f.ruleId, f.gridId), f.version, f.at, JSON.stringify(f));
    })();
  }

  /** The latest firings, newest first. */
  firings(limit = 50): RuleFiring[] {
    return (this.db.prepare('SELECT firing FROM rule_firings ORDER BY seq DESC LIMIT ?').pluck().all(limit) as string[]).map((s) => JSON.parse(s) as RuleFiring);
  }
}
