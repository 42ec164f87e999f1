/** What the pacer waits with (the browser's by default; a test hands in its own). */
export interface PacerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Runs `fn` before the next frame is drawn. */
  frame(fn: () => void): void;
}

const browserClock: PacerClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  frame: (fn) => void requestAnimationFrame(() => fn()),
};

/**
 * Paces the uploads of a source that changes all the time (incidents at 50 a second, vehicles
 * every few seconds): every upload makes the map draw a frame, and on CPU-drawn WebGL a frame
 * costs a few hundred milliseconds of a core, so the changes are gathered and sent at most once
 * per interval, on an animation frame. The first upload after a quiet spell goes out at once.
 * `run` uploads what changed and says whether it sent anything (a run that sent nothing does
 * not start a new interval).
 */
export class UploadPacer {
  private last = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private frameQueued = false;

  constructor(
    private readonly run: () => boolean,
    readonly intervalMs: number,
    private readonly clock: PacerClock = browserClock,
  ) {}

  /** Something changed: sent on the next frame if the interval has passed since the last upload, else when it has. */
  request(): void {
    if (this.timer !== undefined || this.frameQueued) return;
    const wait = this.last + this.intervalMs - this.clock.now();
    if (wait <= 0) this.queueFrame();
    else
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        this.queueFrame();
      }, wait);
  }

  /** Sent on the next frame whatever the interval (the view shown again, a new style). */
  soon(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.queueFrame();
  }

  dispose(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private queueFrame(): void {
    if (this.frameQueued) return;
    this.frameQueued = true;
    this.clock.frame(() => {
      this.frameQueued = false;
      if (this.run()) this.last = this.clock.now();
    });
  }
}
