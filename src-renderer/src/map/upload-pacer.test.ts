import { describe, expect, it } from 'vitest';
import { UploadPacer, type PacerClock } from './upload-pacer';

/** A clock the test moves by hand: timers and animation frames fire only when asked. */
function manualClock(): PacerClock & { advance(ms: number): void; drawFrame(): void } {
  let t = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let frames: (() => void)[] = [];
  let ids = 0;
  return {
    now: () => t,
    setTimeout: (fn, ms) => {
      const id = ++ids;
      timers.push({ at: t + ms, fn, id });
      return id;
    },
    clearTimeout: (h) => void (timers = timers.filter((x) => x.id !== h)),
    frame: (fn) => void frames.push(fn),
    advance(ms) {
      t += ms;
      const due = timers.filter((x) => x.at <= t);
      timers = timers.filter((x) => x.at > t);
      due.forEach((x) => x.fn());
    },
    drawFrame() {
      const f = frames;
      frames = [];
      f.forEach((fn) => fn());
    },
  };
}

describe('UploadPacer', () => {
  it('sends a stream of changes at most once per interval, the first at once', () => {
    const clock = manualClock();
    let uploads = 0;
    const pacer = new UploadPacer(() => ((uploads += 1), true), 1500, clock);
    // 50 changes a second for 3 s, a frame every 16 ms.
    for (let ms = 0; ms < 3000; ms += 20) {
      pacer.request();
      clock.advance(20);
      clock.drawFrame();
    }
    // At 0, 1500 and 3000 ms at most: not one upload per change or per frame.
    expect(uploads).toBeGreaterThanOrEqual(2);
    expect(uploads).toBeLessThanOrEqual(3);
  });

  it('never leaves a change unsent: the last one goes out when the interval ends', () => {
    const clock = manualClock();
    let uploads = 0;
    const pacer = new UploadPacer(() => ((uploads += 1), true), 1000, clock);
    pacer.request();
    clock.drawFrame();
    expect(uploads).toBe(1);
    clock.advance(100);
    pacer.request();
    clock.drawFrame();
    expect(uploads).toBe(1); // waits for the interval
    clock.advance(899);
    clock.drawFrame();
    expect(uploads).toBe(1);
    clock.advance(1);
    clock.drawFrame();
    expect(uploads).toBe(2);
  });

  it('does not start an interval when a run sent nothing, and soon() skips the wait', () => {
    const clock = manualClock();
    let sent = false;
    let runs = 0;
    const pacer = new UploadPacer(() => ((runs += 1), sent), 1000, clock);
    pacer.request();
    clock.drawFrame();
    pacer.request();
    clock.drawFrame();
    expect(runs).toBe(2); // nothing was sent: no waiting
    sent = true;
    pacer.request();
    clock.drawFrame();
    pacer.request();
    clock.drawFrame();
    expect(runs).toBe(3); // sent: the next waits
    pacer.soon();
    clock.drawFrame();
    expect(runs).toBe(4);
  });
});
