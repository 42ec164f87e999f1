import type { Component } from 'vue';
import SituationView from './SituationView.vue';
import CasesView from './CasesView.vue';
import VideoView from './VideoView.vue';
import VideoWallView from './VideoWallView.vue';
import FeedsView from './FeedsView.vue';

/**
 * The console's views, reachable as `#/<id>` (so a second screen can open one directly, e.g.
 * the video wall). Add a view by adding one entry; `labelKey` is its i18n key in the header.
 */
export interface ViewEntry {
  id: string;
  labelKey: string;
  component: Component;
  /** Full-screen views (a video wall, a briefing) hide the header. */
  chromeless?: boolean;
  /** Not listed in the header tabs (reached by URL or an action). */
  hidden?: boolean;
}

export const VIEWS: ViewEntry[] = [
  { id: 'situation', labelKey: 'nav.situation', component: SituationView },
  { id: 'cases', labelKey: 'cases.nav', component: CasesView },
  { id: 'video', labelKey: 'video.nav', component: VideoView },
  // What a second screen opens (Electron's wall window, or #/wall in a browser): not a header tab,
  // since a chromeless view in the console window would leave no way back.
  { id: 'wall', labelKey: 'video.wallNav', component: VideoWallView, chromeless: true, hidden: true },
  { id: 'feeds', labelKey: 'feedsView.title', component: FeedsView },
];

export const DEFAULT_VIEW = 'situation';
