/**
 * Content Security Policy for the renderer, served by both hosts (Electron's app:// protocol and
 * the console host's HTTP server). Everything comes from the app itself: no CDN, no remote fonts,
 * no remote tiles. `style-src 'unsafe-inline'` is needed because Naive UI injects its styles at
 * run time; scripts stay strictly 'self'.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Origin the Electron window loads the renderer from (a custom protocol, not file://). */
export const APP_ORIGIN = 'app://console';
