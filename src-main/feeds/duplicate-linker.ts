import type { Incident } from '@shared/domain/incident';
import { haversineMetres } from '@shared/geo/geometry';
import type { Db } from '../store/database';
import { relatedCategories } from './category-maps';

export interface LinkRules {
  /** Farthest apart two reports of one event can be, metres. */
  maxDistanceM: number;
  /** Farthest apart in report time, ms. */
  maxDeltaMs: number;
}

export const DEFAULT_LINK_RULES: LinkRules = { maxDistanceM: 150, maxDeltaMs: 30 * 60_000 };

interface Entry {
  id: string;
  source: string;
  category: string;
  lon: number;
  lat: number;
  at: number;
}

/** About 220 m of latitude: a cell and its neighbours cover any pair within 150 m. */
const CELL_DEG = 0.002;

/**
 * Links the same event arriving from two feeds: a new incident near an earlier one from another
 * feed (in space, report time and a related category) becomes a `duplicate` linked to the
 * earlier one, so it is not counted twice. Links are stored (table `incident_links`) and apply
 * to every later update of the linked incident. Recent incidents sit in a spatial hash;
 * memory is bounded by the time window.
 */
export class DuplicateLinker {
  private readonly cells = new Map<string, Entry[]>();
  private readonly known = new Set<string>();
  private readonly links = new Map<string, string>();
  private newest = 0;
  private prunedAt = 0;
  private readonly insert;
  readonly linkedBySource = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly rules: LinkRules = DEFAULT_LINK_RULES,
  ) {
    this.insert = db.prepare(
      'INSERT OR IGNORE INTO incident_links (incident_id, canonical_id, distance_m, delta_ms, linked_at) VALUES (?, ?, ?, ?, ?)',
    );
    for (const r of db.prepare('SELECT incident_id, canonical_id FROM incident_links').all() as { incident_id: string; canonical_id: string }[]) {
      this.links.set(r.incident_id, r.canonical_id);
    }
  }

  /** Seeds the window with incidents already in the cache (after a restart). */
  seed(recent: readonly Incident[]): void {
    for (const i of recent) this.remember(i);
  }

  /** The incident this one is linked to, if any. */
  canonicalOf(id: string): string | undefined {
    return this.links.get(id);
  }

  /**
   * Marks duplicates in a batch about to be stored (returns the batch with their status set to
   * `duplicate`), recording each new link. Call inside the storing transaction.
   */
  apply(batch: Incident[], now = Date.now()): Incident[] {
    return batch.map((i) => {
      const canonical = this.links.get(i.id) ?? this.link(i, now);
      if (canonical) return i.status === 'duplicate' ? i : { ...i, status: 'duplicate' };
      this.remember(i);
      return i;
    });
  }

  private link(i: Incident, now: number): string | undefined {
    if (this.known.has(i.id)) return undefined;
    const cx = Math.floor(i.lon / CELL_DEG);
    const cy = Math.floor(i.lat / CELL_DEG);
    let best: { e: Entry; d: number } | undefined;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const e of this.cells.get(`${cx + dx}:${cy + dy}`) ?? []) {
          if (e.source === i.source || Math.abs(e.at - i.reportedAt) > this.rules.maxDeltaMs) continue;
          if (!relatedCategories(e.category, i.category)) continue;
          const d = haversineMetres([e.lon, e.lat], [i.lon, i.lat]);
          if (d <= this.rules.maxDistanceM && (!best || d < best.d)) best = { e, d };
        }
      }
    }
    if (!best) return undefined;
    this.insert.run(i.id, best.e.id, Math.round(best.d * 10) / 10, Math.round(i.reportedAt - best.e.at), now);
    this.links.set(i.id, best.e.id);
    this.linkedBySource.set(i.source, (this.linkedBySource.get(i.source) ?? 0) + 1);
    return best.e.id;
  }

  private remember(i: Incident): void {
    if (this.known.has(i.id)) return;
    // Too old to match anything arriving now (a history import in no particular order): keeping
    // it would let the window grow with the file instead of with the time window.
    if (i.reportedAt < this.newest - 2 * this.rules.maxDeltaMs) return;
    this.known.add(i.id);
    const key = `${Math.floor(i.lon / CELL_DEG)}:${Math.floor(i.lat / CELL_DEG)}`;
    const list = this.cells.get(key) ?? [];
    list.push({ id: i.id, source: i.source, category: i.category, lon: i.lon, lat: i.lat, at: i.reportedAt });
    this.cells.set(key, list);
    if (i.reportedAt > this.newest) {
      this.newest = i.reportedAt;
      // Prune once the window has moved on by its own length (or the set is large).
      if (this.newest - this.prunedAt > this.rules.maxDeltaMs || this.known.size % 4096 === 0) {
        this.prunedAt = this.newest;
        this.prune();
      }
    }
  }

  /** Forgets incidents too old to match anything newer. */
  private prune(): void {
    const cutoff = this.newest - 2 * this.rules.maxDeltaMs;
    for (const [key, list] of this.cells) {
      const kept = list.filter((e) => e.at >= cutoff);
      for (const e of list) if (e.at < cutoff) this.known.delete(e.id);
      if (kept.length) this.cells.set(key, kept);
      else this.cells.delete(key);
    }
  }
}
