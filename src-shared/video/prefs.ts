import type { VideoPrefs } from './schemas';

/** The video preferences of a fresh console. Apart from the schemas (re-exported there) so the renderer's shell loads no zod. */
export const DEFAULT_VIDEO_PREFS: VideoPrefs = { maxPlayers: 16, tourSeconds: 20 };
