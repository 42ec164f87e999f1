import { isAppUrl } from './protocol';

/** One decision of the permission table, with the reason a reviewer can check. */
export interface PermissionRule {
  allow: boolean;
  why: string;
}

/**
 * Web permissions the renderer may use. Anything not listed is denied; listed denials are here
 * to record that someone decided, and why. Only the app origin is ever granted anything.
 */
export const PERMISSION_TABLE: Readonly<Record<string, PermissionRule>> = Object.freeze({
  'clipboard-sanitized-write': { allow: true, why: 'operators copy incident text into reports and chat' },
  fullscreen: { allow: true, why: 'the situation map and video run full screen on the video wall' },
  notifications: { allow: true, why: 'new red (severe) incidents must reach an operator in another window' },
  media: { allow: true, why: 'camera and microphone when an operator joins a consultation conference (audio/video only, see decidePermission)' },
  'display-capture': { allow: true, why: 'the presenter shares the console window in a consultation conference (the window itself, see main.ts)' },
  geolocation: { allow: false, why: 'the map shows incident positions, never the operator position' },
  'clipboard-read': { allow: false, why: 'pages must not read what the operator copied elsewhere' },
  'deprecated-sync-clipboard-read': { allow: false, why: 'same as clipboard-read' },
  openExternal: { allow: false, why: 'external links go only through the main-process allow-list' },
  'automatic-fullscreen': { allow: false, why: 'full screen only after an operator gesture' },
  pointerLock: { allow: false, why: 'no view needs to capture the pointer' },
  keyboardLock: { allow: false, why: 'system shortcuts must keep working in the command room' },
  'window-management': { allow: false, why: 'multi-screen placement is done by the main process, not pages' },
  mediaKeySystem: { allow: false, why: 'camera streams are not DRM-protected' },
  midi: { allow: false, why: 'no MIDI devices in a command console' },
  midiSysex: { allow: false, why: 'no MIDI devices in a command console' },
  hid: { allow: false, why: 'no direct device access from pages' },
  serial: { allow: false, why: 'no direct device access from pages' },
  usb: { allow: false, why: 'no direct device access from pages' },
  fileSystem: { allow: false, why: 'exports go through main-process save dialogs' },
  'idle-detection': { allow: false, why: 'operator presence is not tracked by pages' },
  'local-fonts': { allow: false, why: 'the map draws CJK labels from fonts without this API' },
  'screen-wake-lock': { allow: false, why: 'nothing asks for it yet; wall displays are kept awake by their power settings' },
  'storage-access': { allow: false, why: 'there is no third-party content to grant storage to' },
  'top-level-storage-access': { allow: false, why: 'there is no third-party content to grant storage to' },
  'speaker-selection': { allow: false, why: 'audio goes to the default output device' },
  unknown: { allow: false, why: 'anything Chromium cannot name is denied' },
});

/**
 * Decides a permission request or check: true only for a permission the table allows, asked by
 * the app origin (`app://console`, with or without a path). Deny by default.
 */
export function decidePermission(permission: string, requestingOrigin: string | null | undefined, mediaTypes?: readonly string[]): boolean {
  if (!isAppUrl(requestingOrigin)) return false;
  if (!Object.hasOwn(PERMISSION_TABLE, permission)) return false;
  // 'media' covers camera and microphone only: a request that names no kind, or any other kind, is refused.
  if (permission === 'media' && !(mediaTypes && mediaTypes.length > 0 && mediaTypes.every((t) => MEDIA_KINDS.includes(t)))) return false;
  return PERMISSION_TABLE[permission]?.allow === true;
}

/** The only kinds of 'media' the console asks for: its camera and microphone, in a conference. */
export const MEDIA_KINDS: readonly string[] = Object.freeze(['audio', 'video']);

/**
 * Origins (`https://host`) that `window.open` / target=_blank links may open in the system
 * browser. Empty on purpose: the console has no external links yet; add an origin here, with a
 * comment saying which screen links to it, when one is needed.
 */
export const EXTERNAL_URL_ALLOW_LIST: readonly string[] = Object.freeze([]);

/** True when `url` is https, carries no credentials, and its origin is on the allow-list. */
export function isAllowedExternalUrl(url: string, allowList: readonly string[] = EXTERNAL_URL_ALLOW_LIST): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return false;
  return allowList.includes(parsed.origin);
}
