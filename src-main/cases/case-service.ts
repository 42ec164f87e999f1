import { randomBytes } from 'node:crypto';
import type { OperationHandlers, PayloadOf, Settings } from '@shared/contract';
import { OperationError } from '@shared/dispatch';
import type { Alert } from '@shared/domain/alert';
import type { Incident } from '@shared/domain/incident';
import type { CaseHistoryEntry } from '@shared/domain/case';
import { CASE_RULES } from '@shared/domain/lifecycle';
import type { Signal } from '@shared/detect/signal';
import { signalCase } from '@shared/detect/signal-case';
import { alertIncident } from '../feeds/feed-ingest';
import type { Db } from '../store/database';
import { CaseActionRefused, CaseStore, type Operator } from '../store/case-store';
import type { IncidentStore } from '../store/incident-store';
import { StatsStore } from '../store/stats-store';
import { HttpCaseBackend, type CaseBackend } from './case-backend';
import { readCaseBackends } from './case-backends-config';
import { Outbox, OutboxDecisionRefused } from './outbox';

/** The console counts search hits up to this many (see IncidentStore.search). */
export const SEARCH_COUNT_CAP = 10_000;

type CaseOperations =
  | 'getCase'
  | 'caseAction'
  | 'searchIncidents'
  | 'caseStats'
  | 'gridLeague'
  | 'overdueCases'
  | 'triageQueue'
  | 'triageBatch'
  | 'mergeCases'
  | 'outboxStatus'
  | 'resolveOutbox'
  | 'caseClockLimits'
  | 'setCaseClockLimits'
  | 'acknowledgeAlert';

export interface CaseServiceOptions {
  db: Db;
  incidents: IncidentStore;
  /** The current settings (role and operator name). */
  settings: () => Settings;
  /** Incidents changed by case work, for the batched `incidentsChanged` delta. */
  changed: (incidents: Incident[]) => void;
  escalated: (payload: PayloadOf<'casesEscalated'>) => void;
  /** An alert acknowledged here, for every screen (optional: the command line has no screens). */
  acknowledged?: (entry: PayloadOf<'alertAcknowledged'>) => void;
  outboxChanged: (payload: PayloadOf<'outboxChanged'>) => void;
  /** How often overdue stages are looked for, ms. */
  clockIntervalMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * Case work behind the contract: actions by role, the case view, search, aggregations, the
 * overdue list, the offline outbox and the case clock's escalations. ConsoleCore mounts its
 * handlers; everything here runs without Electron.
 */
export class CaseService {
  readonly handlers: Pick<OperationHandlers, CaseOperations>;
  readonly cases: CaseStore;
  readonly stats: StatsStore;
  readonly outbox: Outbox;
  private readonly backends = new Map<string, CaseBackend>();
  private clockTimer?: NodeJS.Timeout;
  private readonly now: () => number;

  constructor(private readonly o: CaseServiceOptions) {
    this.now = o.now ?? Date.now;
    this.cases = new CaseStore(o.db, o.incidents);
    this.stats = new StatsStore(o.db);
    this.outbox = new Outbox({
      db: o.db,
      incidents: o.incidents,
      backendFor: (source) => this.backends.get(source),
      anyBackend: () => this.backends.size > 0,
      changed: () => o.outboxChanged(this.outbox.status()),
      instance: this.instanceId(),
      log: o.log,
    });
    const operator = (): Operator => ({ name: o.settings().operatorName, role: o.settings().caseRole });
    this.handlers = {
      getCase: ({ id }) => {
        const incident = o.incidents.get(id);
        if (!incident) throw new OperationError('NOT_FOUND', `no incident ${id}`);
        return {
          incident,
          history: this.cases.history(id),
          escalations: this.cases.escalations(id),
          outbox: this.cases.outboxFor(id),
          raw: o.incidents.raw(id) ?? null,
        };
      },
      caseAction: (req) => {
        const source = o.incidents.get(req.id)?.source;
        try {
          const done = this.cases.act(req, operator(), this.now(), !!source && this.backends.has(source));
          o.changed([done.incident]);
          o.outboxChanged(this.outbox.status());
          void this.outbox.flush();
          return done;
        } catch (err) {
          if (!(err instanceof CaseActionRefused)) throw err;
          const code = err.refusal === 'NOT_FOUND' ? 'NOT_FOUND' : err.refusal === 'ROLE' ? 'FORBIDDEN' : 'BAD_REQUEST';
          throw new OperationError(code, err.message);
        }
      },
      searchIncidents: ({ text, limit, offset }) => {
        const result = o.incidents.search(text, limit, offset, SEARCH_COUNT_CAP);
        // A few rows behind is the indexer at work; thousands is a rebuild the person should know of.
        const pending = o.incidents.searchPending();
        return pending > 100 ? { ...result, indexPending: pending } : result;
      },
      caseStats: (range) => {
        try {
          return this.stats.stats(range, this.now());
        } catch (err) {
          if (err instanceof RangeError) throw new OperationError('BAD_REQUEST', err.message);
          throw err;
        }
      },
      gridLeague: (range) => this.stats.league(range, this.now()),
      overdueCases: ({ limit, offset }) => this.cases.overdue(this.now(), limit, offset),
      triageQueue: ({ tab, limit, offset }) => this.cases.triage(tab, this.now(), limit, offset),
      triageBatch: ({ ids, action, unit }) => {
        const done: Incident[] = [];
        const refused: { id: string; code: string; message: string }[] = [];
        for (const id of ids) {
          const source = o.incidents.get(id)?.source;
          try {
            done.push(this.cases.act({ id, action, unit }, operator(), this.now(), !!source && this.backends.has(source)).incident);
          } catch (err) {
            if (!(err instanceof CaseActionRefused)) throw err;
            refused.push({ id, code: err.refusal, message: err.message });
          }
        }
        if (done.length) {
          o.changed(done);
          o.outboxChanged(this.outbox.status());
          void this.outbox.flush();
        }
        return { done, refused };
      },
      mergeCases: ({ keepId, duplicateIds }) => {
        try {
          const queue = (id: string): boolean => {
            const source = o.incidents.get(id)?.source;
            return !!source && this.backends.has(source);
          };
          const result = this.cases.merge(keepId, duplicateIds, operator(), this.now(), queue);
          o.changed([result.kept, ...result.merged]);
          o.outboxChanged(this.outbox.status());
          void this.outbox.flush();
          return result;
        } catch (err) {
          if (!(err instanceof CaseActionRefused)) throw err;
          const code = err.refusal === 'NOT_FOUND' ? 'NOT_FOUND' : err.refusal === 'ROLE' ? 'FORBIDDEN' : 'BAD_REQUEST';
          throw new OperationError(code, err.message);
        }
      },
      outboxStatus: () => this.outbox.status(),
      resolveOutbox: ({ entryId, resolution }) => {
        try {
          const entry = this.outbox.resolve(entryId, resolution, this.now());
          if (resolution === 'discard' && entry.backendStatus) {
            const adopted = this.cases.adoptBackendStatus(
              entry.incidentId,
              entry.backendStatus,
              operator(),
              entry.action,
              this.now(),
            );
            if (adopted) o.changed([adopted]);
          }
          return entry;
        } catch (err) {
          if (err instanceof OutboxDecisionRefused) throw new OperationError('BAD_REQUEST', err.message);
          throw err;
        }
      },
      caseClockLimits: () => o.incidents.limits.rows(),
      setCaseClockLimits: ({ limits }) => o.incidents.setLimits(limits).rows(),
      acknowledgeAlert: ({ incidentId }) => {
        const entry = this.cases.acknowledgeAlert(incidentId, operator(), this.now());
        if (!entry) throw new OperationError('NOT_FOUND', `no incident ${incidentId}`);
        o.acknowledged?.(entry);
        return entry;
      },
    };
  }

  /**
   * Opens a case from a CAP alert by the current operator (roles that may register a case).
   * The case starts now: the alert may have been sent hours ago, its clock must not.
   */
  openFromAlert(alert: Alert): Incident {
    const role = this.o.settings().caseRole;
    if (!CASE_RULES.acknowledge.roles.includes(role)) throw new OperationError('FORBIDDEN', `the ${role} role may not open cases`);
    const now = this.now();
    const incident = alertIncident(alert, now);
    if (!incident) throw new OperationError('BAD_REQUEST', 'only an actual alert or update with an area can become a case');
    const operator = { name: this.o.settings().operatorName, role };
    const done = this.cases.openFromAlert({ ...incident, reportedAt: now }, { cap: `${alert.sender},${alert.identifier}` }, operator, `CAP ${alert.sender},${alert.identifier}`);
    if (done.opened) this.o.changed([done.incident]);
    return done.incident;
  }

  /**
   * Opens the case an analyst escalates a detection signal into (`openFromSignal` in its history,
   * the reason in the note). Escalating the same signal again returns the case already opened.
   */
  openFromSignal(signal: Signal, reason: string): Incident {
    const operator = { name: this.o.settings().operatorName, role: this.o.settings().caseRole };
    const note = [`${signal.method} ${signal.id}`, reason].filter(Boolean).join(' · ').slice(0, 2000);
    const done = this.cases.openFromAlert(signalCase(signal, reason, this.now()), { signal }, operator, note, 'openFromSignal');
    if (done.opened) this.o.changed([done.incident]);
    return done.incident;
  }

  /**
   * Opens a case decided in a consultation (会商): a new incident, its history starting with a
   * `consultationDecision` entry holding the decision. The role must be one that may register cases.
   */
  openFromDecision(incident: Incident, note: string): Incident {
    const role = this.o.settings().caseRole;
    if (!CASE_RULES.acknowledge.roles.includes(role)) throw new OperationError('FORBIDDEN', `the ${role} role may not open cases`);
    const operator = { name: this.o.settings().operatorName, role };
    const done = this.cases.openFromAlert(incident, { consultation: incident.sourceId }, operator, note, 'consultationDecision');
    if (done.opened) this.o.changed([done.incident]);
    return done.incident;
  }

  /** Records a consultation's decision in an existing case's history (the status stays). */
  recordDecision(id: string, operator: Operator, at: number, unit: string | null, note: string): CaseHistoryEntry | undefined {
    const entry = this.cases.recordDecision(id, operator, at, unit, note);
    const incident = entry && this.o.incidents.get(id);
    if (incident) this.o.changed([incident]);
    return entry;
  }

  /** Routes actions on incidents from `source` to `backend` and sends what waited for it. */
  setBackend(source: string, backend: CaseBackend): void {
    this.backends.set(source, backend);
    void this.outbox.flush();
  }

  /** Adds the backends configured in the data directory's case-backends.json. */
  configureBackends(dataDir: string): void {
    for (const b of readCaseBackends(dataDir)) this.backends.set(b.source, new HttpCaseBackend(b.url));
  }

  /** Starts the case clock: overdue stages are escalated now and then every interval. */
  start(): void {
    this.checkClock();
    this.clockTimer = setInterval(() => this.checkClock(), this.o.clockIntervalMs ?? 15_000);
    void this.outbox.flush();
  }

  stop(): void {
    clearInterval(this.clockTimer);
    this.outbox.stop();
  }

  /** Escalates stages that went overdue since the last check; returns them. */
  checkClock(): Incident[] {
    const items = this.cases.escalateOverdue(this.now());
    if (items.length) this.o.escalated({ items });
    return items;
  }

  /** A random id per data directory: outbox keys stay unique across restarts and consoles. */
  private instanceId(): string {
    const db = this.o.db;
    const row = db.prepare("SELECT value FROM settings WHERE key = 'instance'").pluck().get() as string | undefined;
    if (row) return row;
    const id = randomBytes(8).toString('hex');
    db.prepare("INSERT INTO settings (key, value) VALUES ('instance', ?)").run(id);
    return id;
  }
}

/** The case-action URL of a simulator whose event stream is at `streamUrl` (ws → http, same host). */
export function simulatorCaseActionsUrl(streamUrl: string): string {
  const u = new URL(streamUrl);
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  u.pathname = '/v1/case-actions';
  u.search = '';
  return u.toString();
}
