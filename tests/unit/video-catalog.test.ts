import { describe, expect, it } from 'vitest';
import { CameraSchema } from '@shared/domain/camera';
import { demoCameraCatalog } from '../../src-main/video/camera-catalog';

describe('demo camera catalog', () => {
  it('has over 10,000 valid cameras with unique 20-digit ids, the same every time', () => {
    const a = demoCameraCatalog();
    expect(a.length).toBeGreaterThan(10_000);
    expect(new Set(a.map((c) => c.id)).size).toBe(a.length);
    for (const c of a.slice(0, 500)) {
      expect(CameraSchema.safeParse(c).success).toBe(true);
      expect(c.id).toMatch(/^\d{20}$/);
    }
    expect(demoCameraCatalog()[1234]).toEqual(a[1234]);
    expect(a.filter((c) => c.gridId !== null).length).toBeGreaterThan(2000);
  });
});
