import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VideoLayout } from '@shared/video/layouts';

/**
 * A host that stores panel layouts, broadcasts `videoChanged` like the real one, and answers
 * `setPanelLayout` only when the test says so (a busy host, or a slow link).
 */
const host = vi.hoisted(() => {
  const listeners = new Set<(payload: unknown) => void>();
  const state = { favourites: [], groups: [], layouts: [], panels: { console: null, wall: null }, prefs: { maxPlayers: 16, tourSeconds: 20 } } as {
    panels: Record<string, unknown>;
  } & Record<string, unknown>;
  const replies: (() => void)[] = [];
  const snapshot = (): unknown => structuredClone(state);
  const api = {
    on: (_event: string, l: (payload: unknown) => void) => (listeners.add(l), () => listeners.delete(l)),
    listCameras: async () => [],
    getVideoState: async () => snapshot(),
    setPanelLayout: ({ panel, layout }: { panel: string; layout: unknown }) => {
      state.panels[panel] = layout;
      const s = snapshot();
      // The change goes out to every window at once; this window's answer comes later.
      for (const l of listeners) l(s);
      return new Promise((resolve) => replies.push(() => resolve(s)));
    },
  };
  return { api, replies, state, broadcast: () => listeners.forEach((l) => l(snapshot())) };
});
vi.mock('../api/client', () => ({ api: host.api }));

vi.stubGlobal('document', { visibilityState: 'visible', addEventListener: () => undefined });
vi.stubGlobal('window', { addEventListener: () => undefined });

const { useVideoStore } = await import('./video');

describe('a panel layout changed in this window', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    setActivePinia(createPinia());
  });
  afterEach(() => vi.useRealTimers());

  it('is not undone by the echo of an earlier layout this window sent', async () => {
    const video = useVideoStore();
    await video.load();
    video.setKind('console', '9');
    await vi.advanceTimersByTimeAsync(400); // the 9 goes to the host, its answer still on the way
    video.setKind('console', '1+5');
    host.broadcast(); // the host's state (9) reaches this window after the click on 1+5
    await vi.advanceTimersByTimeAsync(0);
    expect(video.panels.console.kind).toBe('1+5');

    for (const reply of host.replies.splice(0)) reply();
    await vi.advanceTimersByTimeAsync(0);
    expect(video.panels.console.kind).toBe('1+5');
    await vi.advanceTimersByTimeAsync(400); // and the 1+5 is what the host keeps
    for (const reply of host.replies.splice(0)) reply();
    await vi.advanceTimersByTimeAsync(0);
    expect((host.state.panels.console as VideoLayout).kind).toBe('1+5');
    expect(video.saved.console).toBe(true);
  });

  it('still follows another window once its own writes are answered', async () => {
    const video = useVideoStore();
    await video.load();
    video.setKind('console', '4');
    await vi.advanceTimersByTimeAsync(400);
    for (const reply of host.replies.splice(0)) reply();
    await vi.advanceTimersByTimeAsync(0);

    // Another window puts the console panel on 16.
    host.state.panels.console = { kind: '16', tiles: Array(16).fill(null) };
    host.broadcast();
    expect(video.panels.console.kind).toBe('16');
  });
});
