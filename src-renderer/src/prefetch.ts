import { VIEWS } from './views/registry';
import { useVideoStore } from './stores/video';

/**
 * What the incident actions need, fetched once the console is idle after its start: the video
 * view's chunk and the camera catalogue (10,240 cameras, a couple of seconds of transfer, parsing
 * and garbage collection on a loaded machine). Without it the first "open nearby cameras" of a
 * shift paid for both; with it the action only asks the host for the nine nearest cameras.
 * Failures are logged and the view loads them itself when opened, as before.
 */
export function prefetchWhenIdle(): void {
  const run = (): void => {
    void VIEWS.find((v) => v.id === 'video')
      ?.load()
      .catch((err: unknown) => console.error('prefetch video view', err));
    void useVideoStore()
      .load()
      .catch((err: unknown) => console.error('prefetch cameras', err));
  };
  // Idle time, or after 5 s at the latest (a map drawing on a CPU may leave little idle time).
  if ('requestIdleCallback' in window) requestIdleCallback(run, { timeout: 5000 });
  else setTimeout(run, 1000);
}
