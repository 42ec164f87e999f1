import { describe, expect, it } from 'vitest';
import {
  decidePermission,
  EXTERNAL_URL_ALLOW_LIST,
  isAllowedExternalUrl,
  PERMISSION_TABLE,
} from '../../../src-main/electron/permissions';

describe('permission table', () => {
  it('gives a reason for every entry', () => {
    for (const [name, rule] of Object.entries(PERMISSION_TABLE)) {
      expect(rule.why.length, name).toBeGreaterThan(10);
    }
  });

  it('allows only clipboard write, fullscreen, notifications, and the conference\'s media and window share', () => {
    const allowed = Object.entries(PERMISSION_TABLE)
      .filter(([, rule]) => rule.allow)
      .map(([name]) => name)
      .sort();
    expect(allowed).toEqual(['clipboard-sanitized-write', 'display-capture', 'fullscreen', 'media', 'notifications']);
  });

  it('grants an allowed permission to the app origin, with or without a path', () => {
    expect(decidePermission('notifications', 'app://console')).toBe(true);
    expect(decidePermission('fullscreen', 'app://console/index.html')).toBe(true);
    expect(decidePermission('clipboard-sanitized-write', 'app://console/')).toBe(true);
  });

  it('denies permissions that are not listed', () => {
    expect(decidePermission('bluetooth', 'app://console')).toBe(false);
    expect(decidePermission('some-future-permission', 'app://console')).toBe(false);
    expect(decidePermission('toString', 'app://console')).toBe(false);
    expect(decidePermission('__proto__', 'app://console')).toBe(false);
  });

  it('grants camera and microphone to the app origin only, and only those kinds', () => {
    expect(decidePermission('media', 'app://console', ['audio', 'video'])).toBe(true);
    expect(decidePermission('media', 'app://console', ['video'])).toBe(true);
    expect(decidePermission('media', 'app://console')).toBe(false);
    expect(decidePermission('media', 'app://console', [])).toBe(false);
    expect(decidePermission('media', 'app://console', ['audio', 'unknown'])).toBe(false);
    expect(decidePermission('media', 'https://evil.example', ['audio', 'video'])).toBe(false);
    expect(decidePermission('media', 'http://localhost:5173', ['video'])).toBe(false);
  });

  it('denies listed-denied permissions such as geolocation', () => {
    expect(decidePermission('geolocation', 'app://console')).toBe(false);
    expect(decidePermission('clipboard-read', 'app://console')).toBe(false);
  });

  it('denies an allowed permission to a foreign origin', () => {
    for (const origin of [
      'https://evil.example',
      'http://localhost:5173',
      'file:///',
      'app://other',
      'app://console.evil',
      'app://user@console',
      'app://console:8080',
      '',
      'null',
    ]) {
      expect(decidePermission('notifications', origin), origin).toBe(false);
    }
    expect(decidePermission('notifications', undefined)).toBe(false);
  });
});

describe('external link allow-list', () => {
  it('is empty, so no link opens outside the console', () => {
    expect(EXTERNAL_URL_ALLOW_LIST).toEqual([]);
    expect(isAllowedExternalUrl('https://www.example.org/')).toBe(false);
  });

  it('opens only https URLs of listed origins, without credentials', () => {
    const list = ['https://www.example.org'];
    expect(isAllowedExternalUrl('https://www.example.org/notice?id=1', list)).toBe(true);
    expect(isAllowedExternalUrl('http://www.example.org/', list)).toBe(false);
    expect(isAllowedExternalUrl('https://www.example.org.evil.example/', list)).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@www.example.org/', list)).toBe(false);
    expect(isAllowedExternalUrl('not a url', list)).toBe(false);
  });
});
