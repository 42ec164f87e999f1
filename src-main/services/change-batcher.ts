import type { IncidentDelta } from '@shared/contract';
import type { Incident } from '@shared/domain/incident';

/**
 * Collects incident changes and hands them on as one delta per interval, so a flood of feed
 * messages becomes a few messages to the renderer. A later change of the same incident replaces
 * the earlier one within a batch. A change that raises an alert (`urgent`: a new red incident)
 * does not wait for the interval: the batch goes out on the next turn of the event loop.
 */
export class ChangeBatcher {
  private pending = new Map<string, Incident>();
  private timer?: NodeJS.Timeout;
  private immediate?: NodeJS.Immediate;

  constructor(
    private readonly emit: (delta: IncidentDelta) => void,
    private readonly total: () => number,
    private readonly intervalMs = 200,
    private readonly urgent: (i: Incident) => boolean = () => false,
  ) {}

  add(changed: readonly Incident[]): void {
    for (const i of changed) this.pending.set(i.id, i);
    if (this.pending.size === 0) return;
    if (!this.immediate && changed.some(this.urgent)) this.immediate = setImmediate(() => this.flush());
    else if (!this.timer && !this.immediate) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    if (this.pending.size === 0) return;
    const upserted = [...this.pending.values()];
    this.pending = new Map();
    this.emit({ upserted, total: this.total() });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.immediate) clearImmediate(this.immediate);
    this.immediate = undefined;
    this.pending.clear();
  }
}
