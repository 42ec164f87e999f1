/**
 * The life of a polling connector: one run at a time, each with its own AbortController, the next
 * run scheduled after a pause, and a stop that aborts the run and waits for it. A run checks
 * `current(ctrl)` after every await so that a stopped or superseded run does nothing more.
 */
export class PollCycle {
  private timer?: NodeJS.Timeout;
  private ctrl?: AbortController;
  private running?: Promise<void>;

  constructor(private readonly run: (ctrl: AbortController) => Promise<void>) {}

  start(): void {
    const ctrl = new AbortController();
    this.ctrl = ctrl;
    this.running = this.run(ctrl);
  }

  /** Is this run still the live one? */
  current(ctrl: AbortController): boolean {
    return this.ctrl === ctrl;
  }

  /** Starts the next run after `ms`. */
  again(ms: number): void {
    this.timer = setTimeout(() => this.start(), ms);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.ctrl?.abort();
    this.ctrl = undefined;
    await this.running;
  }
}
