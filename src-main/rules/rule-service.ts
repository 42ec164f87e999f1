import { ZodError } from 'zod';
import type { OperationHandlers, PayloadOf } from '@shared/contract';
import { OperationError } from '@shared/dispatch';
import type { Incident, Severity } from '@shared/domain/incident';
import { evaluateRules, longestWindowMs, type EscalationRuleInput, type RuleFiring, type RuleIncident, type RuleSetVersion } from '@shared/rules/escalation-rules';
import type { Db } from '../store/database';
import { RuleStore } from '../store/rule-store';

type RuleOperations = 'getRules' | 'getRulesVersion' | 'saveRules' | 'ruleFirings';

export interface RuleServiceOptions {
  db: Db;
  /** The operator's name, recorded with every save. */
  actor: () => string;
  changed: (payload: PayloadOf<'rulesChanged'>) => void;
  /** A rule fired: the console raises its duty alert. */
  fired: (firing: RuleFiring) => void;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * Escalation rules behind the contract: the versioned rule set (read, save as a new version, read
 * an older one) and their evaluation as incidents arrive — the arrivals of each batch are checked
 * against the rules in force, counting the matching incidents of each rule's window from the cache
 * (one indexed range query per batch), and a rule that reaches its count raises the duty alert.
 */
export class RuleService {
  readonly store: RuleStore;
  readonly handlers: Pick<OperationHandlers, RuleOperations>;
  private current: RuleSetVersion | null;

  constructor(private readonly o: RuleServiceOptions) {
    this.store = new RuleStore(o.db);
    this.current = this.store.current();
    this.handlers = {
      getRules: () => this.store.state(),
      getRulesVersion: ({ version }) => {
        const v = this.store.version(version);
        if (!v) throw new OperationError('NOT_FOUND', `no rule set version ${version}`);
        return v;
      },
      saveRules: ({ rules, note }) => this.save(rules, note),
      ruleFirings: () => this.store.firings(),
    };
  }

  save(rules: readonly EscalationRuleInput[], note: string): RuleSetVersion {
    try {
      this.current = this.store.save(rules, this.o.actor(), note, this.now());
    } catch (err) {
      if (err instanceof ZodError) throw new OperationError('BAD_REQUEST', err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      throw err;
    }
    this.o.log?.(`escalation rules: version ${this.current.version} saved (${rules.length} rules)`);
    this.o.changed(this.store.state());
    return this.current;
  }

  /** Incidents were stored: evaluates the rules for those that arrived; returns what fired. */
  incidentsArrived(incidents: readonly Incident[]): RuleFiring[] {
    const set = this.current;
    if (!set || !set.rules.some((r) => r.enabled) || !incidents.length) return [];
    const now = this.now();
    const since = now - longestWindowMs(set.rules);
    const arrivals = incidents.filter((i) => i.reportedAt >= since).map(toRuleIncident);
    if (!arrivals.length) return [];
    const recent = (
      this.o.db
        .prepare('SELECT id, category, severity, grid_id, reported_at FROM incidents WHERE reported_at >= ? AND reported_at <= ?')
        .all(since, now) as { id: string; category: string; severity: Severity; grid_id: string | null; reported_at: number }[]
    ).map((r) => ({ id: r.id, category: r.category, severity: r.severity, gridId: r.grid_id, reportedAt: r.reported_at }));
    const firings = evaluateRules(set.rules, set.version, arrivals, recent, now, this.store.lastFired(set.rules.map((r) => r.id)));
    if (!firings.length) return [];
    this.store.recordFirings(firings);
    for (const f of firings) this.o.fired(f);
    return firings;
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }
}

const toRuleIncident = (i: Incident): RuleIncident => ({ id: i.id, category: i.category, severity: i.severity, gridId: i.gridId, reportedAt: i.reportedAt });
