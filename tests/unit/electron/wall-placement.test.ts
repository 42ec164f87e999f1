import { describe, expect, it } from 'vitest';
import { chooseWallPlacement, WallWindowStateSchema, type DisplayInfo } from '../../../src-main/electron/wall-placement';

const laptop: DisplayInfo = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const wallTv: DisplayInfo = { id: 2, bounds: { x: 1920, y: 0, width: 3840, height: 2160 }, workArea: { x: 1920, y: 0, width: 3840, height: 2160 } };
const side: DisplayInfo = { id: 3, bounds: { x: -1280, y: 0, width: 1280, height: 1024 }, workArea: { x: -1280, y: 0, width: 1280, height: 1024 } };

describe('video wall placement', () => {
  it('goes full screen on another display, the largest one, when there is one', () => {
    expect(chooseWallPlacement([laptop, side, wallTv], 1)).toEqual({ displayId: 2, bounds: wallTv.bounds, fullscreen: true });
    expect(chooseWallPlacement([laptop, wallTv], 2)).toEqual({ displayId: 1, bounds: laptop.bounds, fullscreen: true });
  });

  it('opens as a centred window on the only display', () => {
    expect(chooseWallPlacement([laptop], 1)).toEqual({ displayId: 1, bounds: { x: 320, y: 160, width: 1280, height: 720 }, fullscreen: false });
  });

  it('returns to where the operator left it while that display is connected', () => {
    const saved = WallWindowStateSchema.parse({ open: true, displayId: 3, bounds: { x: -1200, y: 40, width: 1000, height: 700 } });
    expect(chooseWallPlacement([laptop, side, wallTv], 1, saved)).toEqual({ displayId: 3, bounds: saved.bounds, fullscreen: false });
  });

  it('ignores a remembered place whose display is gone or that is mostly off it', () => {
    const gone = WallWindowStateSchema.parse({ displayId: 9, bounds: { x: 0, y: 0, width: 800, height: 600 } });
    expect(chooseWallPlacement([laptop, wallTv], 1, gone).displayId).toBe(2);
    const off = WallWindowStateSchema.parse({ displayId: 1, bounds: { x: 1800, y: 0, width: 800, height: 600 } });
    expect(chooseWallPlacement([laptop], 1, off)).toMatchObject({ fullscreen: false, bounds: { x: 320 } });
  });

  it('refuses a remembered state that is not well formed', () => {
    expect(WallWindowStateSchema.safeParse({ bounds: { x: 0, y: 0, width: 0, height: 10 } }).success).toBe(false);
  });
});
