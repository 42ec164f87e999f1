/**
 * Pure rules of video playback, shared by the renderer's tiles and their tests: retry backoff,
 * which stream a tile plays, and the decode budget.
 */
import type { Camera, Stream } from '../domain/camera';

/** States a tile shows. `budget` = not decoding because the player cap is reached. */
export const TILE_STATES = ['empty', 'connecting', 'playing', 'stalled', 'error', 'offline', 'paused', 'budget'] as const;
export type TileState = (typeof TILE_STATES)[number];

/** Delay before retry number `attempt` (0-based): 1 s, 2 s, 4 s … capped at 30 s, with up to 20 % jitter. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, Math.min(attempt, 15)));
  return Math.round(base * (1 + 0.2 * random()));
}

/**
 * The stream a tile plays on attempt `attempt`: the large tile plays the main stream, small ones
 * the sub stream (falling back to the other when one is missing); failed attempts rotate
 * through the protocols offered, so a dead HLS endpoint falls back to FLV and back.
 */
export function chooseStream(camera: Pick<Camera, 'streams'>, large: boolean, attempt = 0): Stream | undefined {
  const preferred = large ? camera.streams.main : camera.streams.sub;
  const list = preferred.length > 0 ? preferred : large ? camera.streams.sub : camera.streams.main;
  if (list.length === 0) return undefined;
  return list[attempt % list.length];
}

export interface BudgetTile {
  index: number;
  /** The tile has a camera that could play. */
  assigned: boolean;
  /** The tile is on screen (IntersectionObserver) — off-screen tiles never decode. */
  visible: boolean;
  /** Enlarged or the large tile of a 1+N layout: first claim on the budget. */
  large: boolean;
}

/**
 * Which tiles may run a player: none while the window is hidden; otherwise visible assigned tiles,
 * large ones first then in tile order, up to `cap`. Everything else is torn down.
 */
export function decodeBudget(tiles: readonly BudgetTile[], cap: number, windowVisible: boolean): Set<number> {
  const allowed = new Set<number>();
  if (!windowVisible || cap <= 0) return allowed;
  const candidates = tiles.filter((t) => t.assigned && t.visible).sort((a, b) => Number(b.large) - Number(a.large) || a.index - b.index);
  for (const t of candidates.slice(0, cap)) allowed.add(t.index);
  return allowed;
}
