import { Notification, type BrowserWindow } from 'electron';
import type { IncidentDelta, Settings } from '@shared/contract';
import { incidentRaisesAlert } from '@shared/domain/alerting';
import { severityRank, type Incident } from '@shared/domain/incident';

/**
 * The desktop side of the duty alerts: when incidents at or above the alert level arrive, a
 * desktop notification (one per batch) and, while the console window is not focused, the taskbar
 * flashes until it is. The sound, the header and the acknowledgement stay in the window.
 */
export interface DesktopAlertsOptions {
  settings: () => Settings;
  /** The console window, when there is one. */
  window: () => BrowserWindow | undefined;
  now?: () => number;
}

const WORDS = {
  'zh-CN': { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色', title: (level: string, n: number) => (n > 1 ? `${level}告警等 ${n} 条` : `${level}告警`) },
  en: { red: 'Red', orange: 'Orange', yellow: 'Yellow', blue: 'Blue', title: (level: string, n: number) => (n > 1 ? `${level} alert and ${n - 1} more` : `${level} alert`) },
} as const;

/** Returns the `incidentsChanged` listener that raises desktop alerts. */
export function desktopAlerts(o: DesktopAlertsOptions): (delta: IncidentDelta) => void {
  const seen = new Set<string>();
  const now = o.now ?? Date.now;
  return (delta) => {
    const s = o.settings();
    const fresh: Incident[] = [];
    for (const i of delta.upserted) {
      if (seen.has(i.id)) continue;
      seen.add(i.id);
      if (incidentRaisesAlert(i, s.alertLevel, now())) fresh.push(i);
    }
    const worst = fresh.sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0];
    if (!worst) return;
    const words = WORDS[s.locale];
    const win = o.window();
    if (Notification.isSupported()) {
      const n = new Notification({ title: words.title(words[worst.severity], fresh.length), body: worst.title, urgency: worst.severity === 'red' ? 'critical' : 'normal', silent: true });
      n.on('click', () => {
        if (win && !win.isDestroyed()) {
          win.show();
          win.focus();
        }
      });
      n.show();
    }
    if (win && !win.isDestroyed() && !win.isFocused()) {
      win.flashFrame(true);
      win.once('focus', () => win.flashFrame(false));
    }
  };
}
