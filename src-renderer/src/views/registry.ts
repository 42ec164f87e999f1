import type { Component } from 'vue';

/**
 * The console's views, reachable as `#/<id>` (so a second screen can open one directly, e.g.
 * the video wall). Add a view by adding one entry; `labelKey` is its i18n key in the header.
 * Each view is its own chunk, loaded when first visited: the map, the video players and the
 * charts come with the view that draws them, not with the shell.
 */
export interface ViewEntry {
  id: string;
  labelKey: string;
  /** The view's component, imported on first visit. */
  load: () => Promise<Component | { default: Component }>;
  /** Full-screen views (a video wall, a briefing) hide the header. */
  chromeless?: boolean;
  /** Not listed in the header tabs (reached by URL or an action). */
  hidden?: boolean;
  /**
   * A page that shows no live picture (the briefing's print page): opened on it, the app loads
   * only the settings, not the incident list, feeds, alerts and vehicles, and raises no alerts.
   */
  printPage?: boolean;
}

export const VIEWS: ViewEntry[] = [
  { id: 'situation', labelKey: 'nav.situation', load: () => import('./SituationView.vue') },
  { id: 'cases', labelKey: 'cases.nav', load: () => import('./CasesView.vue') },
  { id: 'analysis', labelKey: 'analysis.nav', load: () => import('./AnalysisView.vue') },
  { id: 'video', labelKey: 'video.nav', load: () => import('./VideoView.vue') },
  // What a second screen opens (Electron's wall window, or #/wall in a browser): not a header tab,
  // since a chromeless view in the console window would leave no way back.
  { id: 'wall', labelKey: 'video.wallNav', load: () => import('./VideoWallView.vue'), chromeless: true, hidden: true },
  // A consultation's conference (#/conference/<id>): reached from a consultation (whose view embeds
  // the same panel) or by its address, so not a header tab.
  { id: 'conference', labelKey: 'conference.nav', load: () => import('./ConferenceView.vue'), hidden: true },
  // The briefing's print page (#/briefing?from=…&to=…): printed by Chromium, not a header tab.
  { id: 'briefing', labelKey: 'briefing.button', load: () => import('./BriefingView.vue'), chromeless: true, hidden: true, printPage: true },
  // The consultation room's big screen (#/consultation/<id>): opened from the consultation panel.
  { id: 'consultation', labelKey: 'consultation.nav', load: () => import('./ConsultationView.vue'), chromeless: true, hidden: true },
  { id: 'signals', labelKey: 'signals.nav', load: () => import('./SignalsView.vue') },
  { id: 'feeds', labelKey: 'feedsView.title', load: () => import('./FeedsView.vue') },
];

export const DEFAULT_VIEW = 'situation';
