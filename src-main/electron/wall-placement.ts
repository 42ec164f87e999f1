import { z } from 'zod';

/**
 * Where the video-wall window goes, decided without Electron so it can be tested: on a display
 * other than the console's when there is one (full screen, as a wall is), else as a window on the
 * console's display; a placement the operator chose last time wins while its display is present.
 */
export const RectSchema = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().min(1), height: z.number().int().min(1) });
export type Rect = z.infer<typeof RectSchema>;

export interface DisplayInfo {
  id: number;
  bounds: Rect;
  workArea: Rect;
}

/** What the shell remembers about the wall window between runs (video-wall.json in the data directory). */
export const WallWindowStateSchema = z.object({
  /** It was open when the console quit: reopen it. */
  open: z.boolean().default(false),
  displayId: z.number().int().optional(),
  bounds: RectSchema.optional(),
  fullscreen: z.boolean().default(false),
});
export type WallWindowState = z.infer<typeof WallWindowStateSchema>;

export interface WallPlacement {
  displayId: number;
  bounds: Rect;
  fullscreen: boolean;
}

const area = (r: Rect): number => r.width * r.height;

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Centred window of at most 1280×720 inside a work area. */
function centred(work: Rect): Rect {
  const width = Math.min(1280, work.width);
  const height = Math.min(720, work.height);
  return { x: work.x + Math.round((work.width - width) / 2), y: work.y + Math.round((work.height - height) / 2), width, height };
}

/**
 * @param displays every connected display
 * @param consoleDisplayId the display the console window is on
 * @param saved what was remembered, if anything
 */
export function chooseWallPlacement(displays: readonly DisplayInfo[], consoleDisplayId: number, saved?: WallWindowState): WallPlacement {
  if (displays.length === 0) throw new Error('no display');
  if (saved?.bounds && saved.displayId !== undefined) {
    const d = displays.find((x) => x.id === saved.displayId);
    // At least a quarter of the remembered window must still be on that display.
    if (d && overlap(saved.bounds, d.bounds) >= area(saved.bounds) / 4) return { displayId: d.id, bounds: saved.bounds, fullscreen: saved.fullscreen };
  }
  const others = displays.filter((d) => d.id !== consoleDisplayId).sort((a, b) => area(b.bounds) - area(a.bounds));
  const target = others[0];
  if (target) return { displayId: target.id, bounds: { ...target.bounds }, fullscreen: true };
  const own = displays.find((d) => d.id === consoleDisplayId) ?? displays[0]!;
  return { displayId: own.id, bounds: centred(own.workArea), fullscreen: false };
}
