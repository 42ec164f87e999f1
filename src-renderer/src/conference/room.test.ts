import { describe, expect, it } from 'vitest';
import { HIGH_SUBSTREAM, simulcastLayers } from './room';

describe('simulcast layers', () => {
  it('sends the picture as captured for the enlarged speaker and 160 pixels wide for the small tiles', () => {
    for (const width of [640, 960]) {
      const [high, low] = simulcastLayers(width, 1_200_000);
      expect(high).toEqual({ rid: 'h', maxBitrate: 1_200_000 });
      // 160×90 from 640×360 or 960×540, at most 15 frames a second and 120 kbit/s.
      expect(width / low!.scaleResolutionDownBy!).toBe(160);
      expect(low).toMatchObject({ rid: 'l', maxFramerate: 15, maxBitrate: 120_000 });
    }
  });

  it('has exactly two layers (Chromium sends two of a 640×360 picture), the high one last in Janus\'s numbering', () => {
    expect(simulcastLayers(640, 1_000_000)).toHaveLength(2);
    expect(HIGH_SUBSTREAM).toBe(1);
    // A camera smaller than the low layer is not scaled up.
    expect(simulcastLayers(120, 1_000_000)[1]!.scaleResolutionDownBy).toBe(1);
  });
});
