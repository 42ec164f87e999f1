/**
 * The benchmarks' in-page timer of an incident action: from the pointerdown on `trigger` (the time
 * the click reached the page, so a wait behind a busy main thread counts) to the frame in which an
 * element matching `done` (holding `text`) is shown. Playwright's own timing also holds its round
 * trips and its wait for the button to hold still over two frames, which on CPU-drawn WebGL are
 * frames of the map. The three moments are also performance marks, for a trace to show them.
 */
export async function armAction(page, trigger, done, text = '') {
  await page.evaluate(
    ([trigger, done, text]) => {
      const w = window;
      w.__act = { t0: 0, t1: 0 };
      const shown = () => [...document.querySelectorAll(done)].some((e) => e.textContent.includes(text) && e.getClientRects().length > 0);
      const down = (ev) => {
        if (!(ev.target instanceof Element) || !ev.target.closest(trigger)) return;
        document.removeEventListener('pointerdown', down, true);
        w.__act.t0 = ev.timeStamp;
        performance.mark('action:pointerdown', { startTime: ev.timeStamp });
        const check = () => {
          if (!shown()) return;
          obs.disconnect();
          performance.mark('action:answer-in-dom');
          requestAnimationFrame(() => {
            w.__act.t1 = performance.now();
            performance.mark('action:answer-frame');
          });
        };
        const obs = new MutationObserver(check);
        obs.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
        check();
      };
      document.addEventListener('pointerdown', down, true);
    },
    [trigger, done, text],
  );
}

/** Milliseconds from the armed action's pointerdown to its answer's frame, once it has been shown. */
export async function actionTime(page) {
  await page.waitForFunction(() => window.__act.t1 > 0);
  return page.evaluate(() => window.__act.t1 - window.__act.t0);
}
