import type { VehiclePosition } from '@shared/domain/vehicle';

/**
 * The newest GPS fix of every vehicle, and the ones that moved since the last push, handed on
 * once per interval (203 vehicles reporting every few seconds become one message a second).
 * Older fixes arriving late never replace newer ones. Bounded by `maxVehicles`.
 */
export class VehicleTracker {
  private readonly latest = new Map<string, VehiclePosition>();
  private pending = new Map<string, VehiclePosition>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly emit: (positions: VehiclePosition[]) => void,
    private readonly intervalMs = 1000,
    private readonly maxVehicles = 20_000,
  ) {}

  add(fixes: readonly VehiclePosition[]): void {
    for (const f of fixes) {
      const prev = this.latest.get(f.id);
      if (prev && prev.at >= f.at) continue;
      if (!prev && this.latest.size >= this.maxVehicles) continue;
      this.latest.set(f.id, f);
      this.pending.set(f.id, f);
    }
    if (this.pending.size > 0 && !this.timer) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }

  all(): VehiclePosition[] {
    return [...this.latest.values()];
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const positions = [...this.pending.values()];
    this.pending = new Map();
    this.emit(positions);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
