import type { FeedStatus } from '@shared/contract';
import type { Alert } from '@shared/domain/alert';
import { TERMINAL_STATUSES, type Incident } from '@shared/domain/incident';
import type { VehiclePosition } from '@shared/domain/vehicle';
import { assignGrid } from '@shared/geo/grids';
import type { Db } from '../store/database';
import type { IncidentStore, IncomingIncident } from '../store/incident-store';
import { AlertStore } from './alert-store';
import { DuplicateLinker } from './duplicate-linker';
import type { FeedSink, RefusedMessage } from './feed-connector';
import { QuarantineStore } from './quarantine-store';
import { VehicleTracker } from './vehicle-tracker';

export interface IngestEvents {
  /** Incidents inserted or visibly changed. */
  incidents(changed: Incident[]): void;
  /** The alerts in force changed. */
  alerts(inForce: Alert[]): void;
  /** Vehicles that moved (batched). */
  vehicles(positions: VehiclePosition[]): void;
  /** Some feed's health changed. */
  status(): void;
}

/**
 * Where every connector delivers: incidents (with cross-feed duplicates linked), CAP alerts (and
 * the cases officers opened from them), refused messages into the quarantine, vehicle fixes to the tracker.
 * The console and the command line share it, so a file imported by hand is treated exactly as
 * the same data arriving over a feed.
 */
export class FeedIngest {
  readonly quarantine: QuarantineStore;
  readonly alertStore: AlertStore;
  readonly linker: DuplicateLinker;
  readonly vehicles: VehicleTracker;
  private expiryTimer?: NodeJS.Timeout;
  private disposed = false;

  constructor(
    private readonly db: Db,
    private readonly incidents: IncidentStore,
    private readonly events: IngestEvents,
    private readonly now: () => number = Date.now,
  ) {
    this.quarantine = new QuarantineStore(db);
    this.alertStore = new AlertStore(db);
    this.linker = new DuplicateLinker(db);
    this.vehicles = new VehicleTracker((p) => events.vehicles(p));
    // Recent incidents take part in duplicate linking after a restart too.
    this.linker.seed(incidents.query({ from: this.now() - 2 * 3600_000 }, 5000, 0).items);
    this.watchExpiry();
  }

  sink(): FeedSink {
    return {
      accept: (batch, cursor) => this.acceptIncidents(batch, cursor).length,
      cursor: (feedId) => this.incidents.cursor(feedId),
      statusChanged: () => this.events.status(),
      quarantine: (m) => this.quarantineMessage(m),
      alerts: (alerts, cursor) => {
        const r = this.acceptAlerts(alerts, cursor);
        return { added: r.added.length, duplicates: r.duplicates };
      },
      positions: (fixes) => this.vehicles.add(fixes),
    };
  }

  /** Stores a batch (duplicates across feeds linked) with its cursor; returns what changed. */
  acceptIncidents(batch: readonly IncomingIncident[], cursor?: { feedId: string; value: string }): Incident[] {
    let changed: Incident[] = [];
    this.db.transaction(() => {
      const linked = this.linker.apply(
        batch.map((b) => b.incident),
        this.now(),
      );
      changed = this.incidents.upsertMany(
        batch.map((b, i) => ({ incident: linked[i]!, raw: b.raw })),
        cursor,
      );
    })();
    if (changed.length) this.events.incidents(changed);
    return changed;
  }

  /**
   * Stores CAP alerts with the feed's cursor. The rule: an alert is not a case. It lives in the
   * alerts panel and on the map, and becomes an incident only when an officer opens a case from
   * it (CaseService.openFromAlert), so alerts never enter the overdue list or the case
   * statistics by themselves. A case opened from an alert follows it: an Update closes and a
   * Cancel cancels the case of the alert it references, in the same transaction.
   */
  acceptAlerts(alerts: readonly Alert[], cursor?: { feedId: string; value: string }): { added: Alert[]; duplicates: number; changed: Incident[] } {
    let added: Alert[] = [];
    let changed: Incident[] = [];
    this.db.transaction(() => {
      added = this.alertStore.addMany(alerts);
      const batch: IncomingIncident[] = [];
      for (const a of added) {
        if (a.status !== 'Actual') continue;
        for (const ref of a.msgType === 'Update' || a.msgType === 'Cancel' ? a.references : []) {
          const [sender, identifier] = ref.split(',') as [string, string];
          const target = this.alertStore.find(sender, identifier);
          const existing = target ? this.incidents.get(alertIncidentId(target)) : undefined;
          if (existing && !TERMINAL_STATUSES.includes(existing.status)) batch.push({ incident: { ...existing, status: a.msgType === 'Cancel' ? 'cancelled' : 'closed', updatedAt: this.now() }, raw: { cap: ref, by: a.identifier } });
        }
      }
      changed = this.incidents.upsertMany(batch, cursor);
    })();
    if (changed.length) this.events.incidents(changed);
    if (added.length) {
      this.events.alerts(this.alertStore.inForce(this.now()));
      this.watchExpiry();
    }
    return { added, duplicates: alerts.length - added.length, changed };
  }

  quarantineMessage(m: RefusedMessage): void {
    this.quarantine.add(m, this.now());
  }

  inForce(): Alert[] {
    return this.alertStore.inForce(this.now());
  }

  /** A connector's status with the incidents linked as cross-feed duplicates counted in. */
  decorate(s: FeedStatus): FeedStatus {
    const linked = this.linker.linkedBySource.get(s.id) ?? 0;
    return linked ? { ...s, duplicates: s.duplicates + linked } : s;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.expiryTimer);
    this.vehicles.flush();
    this.vehicles.dispose();
  }

  /** When the next alert expires, the list in force changes: push it then. */
  private watchExpiry(): void {
    clearTimeout(this.expiryTimer);
    if (this.disposed) return;
    const next = this.alertStore.nextExpiry(this.now());
    if (next === undefined) return;
    const delay = Math.min(Math.max(next - this.now() + 50, 1000), 3600_000);
    this.expiryTimer = setTimeout(() => {
      this.events.alerts(this.alertStore.inForce(this.now()));
      this.watchExpiry();
    }, delay);
    this.expiryTimer.unref?.();
  }
}

/** Incident id of the case opened from an alert (at most one per alert, in the feed it came from). */
export function alertIncidentId(a: Alert): string {
  return `${a.source}:${a.sender},${a.identifier}`;
}

/** The case an Actual Alert/Update with an area would open, at the area's centre; otherwise none. */
export function alertIncident(a: Alert, now: number): Incident | undefined {
  if (a.status !== 'Actual' || (a.msgType !== 'Alert' && a.msgType !== 'Update')) return undefined;
  const at = areaCentre(a);
  if (!at) return undefined;
  const info = a.infos[0];
  return {
    id: alertIncidentId(a),
    source: a.source,
    sourceId: `${a.sender},${a.identifier}`.slice(0, 200),
    category: a.category,
    severity: a.severity,
    status: 'reported',
    title: (info?.headline || info?.event || a.identifier).slice(0, 500),
    description: [info?.description, info?.instruction].filter(Boolean).join('\n\n').slice(0, 20_000),
    lon: at[0],
    lat: at[1],
    original: { lon: at[0], lat: at[1], datum: 'WGS84' },
    gridId: assignGrid(at[0], at[1]),
    address: a.areas.map((x) => x.description).filter(Boolean).join('；').slice(0, 500),
    reportedAt: Math.max(0, Math.round(a.sent)),
    updatedAt: now,
    unit: info?.senderName ? info.senderName.slice(0, 200) : null,
  };
}

function areaCentre(a: Alert): [number, number] | undefined {
  for (const area of a.areas) {
    const ring = area.polygons[0];
    if (ring && ring.length > 1) {
      const pts = ring.slice(0, -1);
      return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
    }
    const c = area.circles[0];
    if (c) return c.center;
  }
  return undefined;
}
