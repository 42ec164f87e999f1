import { describe, expect, it } from 'vitest';
import { GatewayConfigSchema, gatewayOrigins, streamsFor } from '@shared/video/gateways';
import { contentSecurityPolicy, safeMediaOrigins } from '@shared/security';

const id = '43130213500000010001';

describe('gateway URL templates', () => {
  it('builds ZLMediaKit URLs for a GB/T 28181 camera, main and sub', () => {
    const gw = GatewayConfigSchema.parse({ id: 'zlm', kind: 'zlmediakit', base: 'http://10.1.2.3:8080/' });
    const s = streamsFor(gw, id);
    expect(s.main).toEqual([
      { protocol: 'flv', url: `http://10.1.2.3:8080/rtp/${id}.live.flv` },
      { protocol: 'hls', url: `http://10.1.2.3:8080/rtp/${id}/hls.m3u8` },
      { protocol: 'whep', url: `http://10.1.2.3:8080/index/api/whep?app=rtp&stream=${id}` },
    ]);
    expect(s.sub[0]!.url).toBe(`http://10.1.2.3:8080/rtp/${id}_sub.live.flv`);
    expect(streamsFor(gw, id, ['ts', 'mp4']).main.map((x) => x.url)).toEqual([
      `http://10.1.2.3:8080/rtp/${id}.live.ts`,
      `http://10.1.2.3:8080/rtp/${id}.live.mp4`,
    ]);
  });

  it('builds MediaMTX URLs on its separate HLS and WHEP ports', () => {
    const gw = GatewayConfigSchema.parse({ id: 'mtx', kind: 'mediamtx', base: 'http://mtx:8888', whepBase: 'http://mtx:8889', subStream: '{id}/sub' });
    const s = streamsFor(gw, 'cam1');
    expect(s.main).toEqual([
      { protocol: 'hls', url: 'http://mtx:8888/cam1/index.m3u8' },
      { protocol: 'whep', url: 'http://mtx:8889/cam1/whep' },
    ]);
    // The stream name is one path segment, encoded.
    expect(s.sub[0]!.url).toBe('http://mtx:8888/cam1%2Fsub/index.m3u8');
    expect(gatewayOrigins(gw)).toEqual(['http://mtx:8888', 'http://mtx:8889']);
  });

  it('builds go2rtc URLs with the stream as the src parameter', () => {
    const gw = GatewayConfigSchema.parse({ id: 'g', kind: 'go2rtc', base: 'http://127.0.0.1:1984', protocols: ['mjpeg', 'hls', 'whep'] });
    expect(streamsFor(gw, 'door').main.map((x) => x.url)).toEqual([
      'http://127.0.0.1:1984/api/stream.mjpeg?src=door',
      'http://127.0.0.1:1984/api/stream.m3u8?src=door',
      'http://127.0.0.1:1984/api/webrtc?src=door',
    ]);
  });

  it('refuses gateway bases that are not plain http(s) URLs', () => {
    for (const base of ['javascript:alert(1)', 'http://x/?q=1', 'ftp://x', "http://x; script-src *"]) {
      expect(GatewayConfigSchema.safeParse({ id: 'x', kind: 'go2rtc', base }).success).toBe(false);
    }
  });
});

describe('the renderer CSP and video', () => {
  it('lets players reach loopback (the demo media server) and configured gateways, and nothing else', () => {
    const csp = contentSecurityPolicy(['http://10.1.2.3:8080']);
    const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `))!;
    for (const d of ['connect-src', 'media-src', 'img-src']) {
      expect(directive(d)).toContain('http://127.0.0.1:*');
      expect(directive(d)).toContain('http://10.1.2.3:8080');
    }
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('default-src')).toBe("default-src 'self'");
    expect(contentSecurityPolicy()).not.toContain('10.1.2.3');
  });

  it('drops configured origins that would smuggle in a directive or a wildcard', () => {
    expect(safeMediaOrigins(['http://ok:1', "http://x; script-src 'unsafe-eval'", '*', 'https://*.evil', 'data:', 'http://[::1]:80'])).toEqual([
      'http://ok:1',
      'http://[::1]:80',
    ]);
  });
});
