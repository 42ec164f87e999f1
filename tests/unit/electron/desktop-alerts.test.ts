import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '@shared/contract';
import type { Incident, Severity } from '@shared/domain/incident';

const electron = vi.hoisted(() => {
  const shown: { title: string; body: string; urgency: string }[] = [];
  class Notification {
    constructor(private readonly o: { title: string; body: string; urgency: string }) {}
    static isSupported = () => true;
    on = vi.fn();
    show(): void {
      shown.push(this.o);
    }
  }
  return { shown, Notification };
});
vi.mock('electron', () => ({ Notification: electron.Notification }));

const { desktopAlerts } = await import('../../../src-main/electron/desktop-alerts');

const NOW = Date.UTC(2026, 11, 1, 3);
const incident = (id: string, severity: Severity, reportedAt = NOW): Incident => ({ id, title: `title-${id}`, severity, status: 'reported', reportedAt }) as Incident;
const window = (focused: boolean) => ({ isDestroyed: () => false, isFocused: () => focused, flashFrame: vi.fn(), once: vi.fn(), show: vi.fn(), focus: vi.fn() });

describe('desktop alerts', () => {
  beforeEach(() => (electron.shown.length = 0));

  it('notifies once per batch with the worst incident, and flashes the taskbar of an unfocused window', () => {
    const win = window(false);
    const onDelta = desktopAlerts({ settings: () => DEFAULT_SETTINGS, window: () => win as never, now: () => NOW });
    onDelta({ upserted: [incident('a', 'orange'), incident('b', 'red'), incident('c', 'blue')], total: 3 });
    expect(electron.shown).toEqual([{ title: '红色告警等 2 条', body: 'title-b', urgency: 'critical', silent: true }]);
    expect(win.flashFrame).toHaveBeenCalledWith(true);
    expect(win.once).toHaveBeenCalledWith('focus', expect.any(Function));
  });

  it('stays quiet for incidents seen before, below the level, or from history, and does not flash a focused window', () => {
    const win = window(true);
    const onDelta = desktopAlerts({ settings: () => ({ ...DEFAULT_SETTINGS, alertLevel: 'red', locale: 'en' }), window: () => win as never, now: () => NOW });
    onDelta({ upserted: [incident('a', 'orange'), incident('old', 'red', NOW - 3_600_000)], total: 2 });
    expect(electron.shown).toEqual([]);
    onDelta({ upserted: [incident('r', 'red')], total: 3 });
    onDelta({ upserted: [incident('r', 'red')], total: 3 });
    expect(electron.shown).toEqual([{ title: 'Red alert', body: 'title-r', urgency: 'critical', silent: true }]);
    expect(win.flashFrame).not.toHaveBeenCalled();
  });
});
