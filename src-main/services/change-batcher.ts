import type { IncidentDelta } from '@shared/contract';
import type { Incident } from '@shared/domain/incident';

/**
 * Collects incident changes and hands them on as one delta per interval, so a flood of feed
 * messages becomes a few messages to the renderer. A later change of the same incident replaces
 * the earlier one within a batch.
 */
export class ChangeBatcher {
  private pending = new Map<string, Incident>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly emit: (delta: IncidentDelta) => void,
    private readonly total: () => number,
    private readonly intervalMs = 200,
  ) {}

  add(changed: readonly Incident[]): void {
    for (const i of changed) this.pending.set(i.id, i);
    if (this.pending.size > 0 && !this.timer) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs);
    }
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const upserted = [...this.pending.values()];
    this.pending = new Map();
    this.emit({ upserted, total: this.total() });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
