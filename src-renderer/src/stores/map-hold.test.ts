import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useMapHoldStore } from './map-hold';

describe('the map hold of an action that leaves the situation view', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });

  it('holds the map from the start of the action until a turn after it ended', async () => {
    const hold = useMapHoldStore();
    let finish!: (n: number) => void;
    const done = hold.during(() => new Promise<number>((r) => (finish = r)));
    expect(hold.held).toBe(true);
    finish(9);
    expect(await done).toBe(9);
    // Still held while the view switch the action started hides the map.
    expect(hold.held).toBe(true);
    vi.runAllTimers();
    expect(hold.held).toBe(false);
  });

  it('lets the map draw again when the action fails, and passes the failure on', async () => {
    const hold = useMapHoldStore();
    await expect(hold.during(() => Promise.reject(new Error('host gone')))).rejects.toThrow('host gone');
    vi.runAllTimers();
    expect(hold.held).toBe(false);
  });

  it('stays held while any of two overlapping actions runs', async () => {
    const hold = useMapHoldStore();
    let first!: () => void;
    const a = hold.during(() => new Promise<void>((r) => (first = r)));
    const b = hold.during(() => new Promise<void>(() => {}));
    first();
    await a;
    vi.runAllTimers();
    expect(hold.held).toBe(true);
    void b;
  });
});
