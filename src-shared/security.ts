/**
 * Origins video players may load from without configuration: loopback, where the built-in demo
 * media server runs (on a port chosen at start) and where a gateway on the same PC would listen.
 * Loopback is the operator's own machine, so this widens nothing an outsider controls.
 */
export const LOOPBACK_MEDIA_SOURCES = ['http://127.0.0.1:*', 'http://localhost:*'] as const;

/**
 * Keeps only plain `scheme://host[:port]` origins, so nothing from a config file can add a CSP
 * directive. `ws(s)://` is the standalone collaboration server of collab.json (connect-src).
 */
export function safeMediaOrigins(origins: readonly string[]): string[] {
  return [...new Set(origins.filter((o) => /^(https?|wss?):\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(o)))];
}

/** Keeps only plain `ws(s)://host[:port]` origins (the conference's media server). */
export function safeSocketOrigins(origins: readonly string[]): string[] {
  return [...new Set(origins.filter((o) => /^wss?:\/\/(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(o)))];
}

/**
 * Content Security Policy for the renderer, served by both hosts (Electron's app:// protocol and
 * the console host's HTTP server). Everything comes from the app itself: no CDN, no remote fonts,
 * no remote tiles. `style-src 'unsafe-inline'` is needed because Naive UI injects its styles at
 * run time; scripts stay strictly 'self'.
 *
 * Video is the one deliberate widening: players fetch HLS/FLV (connect-src), play MP4 (media-src),
 * show MJPEG (img-src) and post WHEP offers (connect-src) to media gateways, which are never
 * the app's own origin — loopback (the demo media server) and the gateway origins configured in
 * video.json (`mediaOrigins`). The conference adds exactly one WebSocket origin to connect-src,
 * its Janus server from conference.json (`socketOrigins`); WebRTC media itself is not governed by
 * CSP. Scripts, styles, fonts and workers stay 'self'.
 */
export function contentSecurityPolicy(mediaOrigins: readonly string[] = [], socketOrigins: readonly string[] = []): string {
  const media = [...LOOPBACK_MEDIA_SOURCES, ...safeMediaOrigins(mediaOrigins)].join(' ');
  const sockets = safeSocketOrigins(socketOrigins).map((o) => ` ${o}`).join('');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${media}`,
    "font-src 'self' data:",
    `connect-src 'self' ${media}${sockets}`,
    "worker-src 'self' blob:",
    `media-src 'self' blob: ${media}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policy with no configured gateways (loopback only). */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** Origin the Electron window loads the renderer from (a custom protocol, not file://). */
export const APP_ORIGIN = 'app://console';
