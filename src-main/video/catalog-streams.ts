import type { Camera } from '@shared/domain/camera';
import { assignGrid } from '@shared/geo/grids';
import { streamsFor, type GatewayConfig, type StreamProtocol } from '@shared/video/gateways';
import type { CameraConfig, VideoConfig } from './video-config';
import { demoCameraCatalog } from './camera-catalog';

/**
 * Protocol order of a demo camera: most play HLS (no long-lived connection, so many tiles share
 * one host); command vehicles and drones FLV (low delay, as ZLMediaKit serves them); the coal-mine
 * cameras of 冷水江市 MJPEG (older pit-head cameras). Every camera lists the others as fallbacks.
 */
export function demoProtocols(camera: Pick<Camera, 'department' | 'region'>): StreamProtocol[] {
  if (camera.department === 'vehicle' || camera.department === 'drone') return ['flv', 'hls'];
  if (camera.department === 'coal' && camera.region === '冷水江市') return ['mjpeg', 'hls'];
  return ['hls', 'flv'];
}

/** The demo catalog with its stream URLs through one gateway (the demo media server, or a configured one). */
export function demoCatalogThrough(gateway: GatewayConfig): Camera[] {
  return demoCameraCatalog().map((c) => ({ ...c, streams: streamsFor(gateway, c.id, demoProtocols(c)) }));
}

function configuredCamera(c: CameraConfig, gateways: Map<string, GatewayConfig>, first: GatewayConfig | undefined): Camera {
  const gateway = c.gateway ? gateways.get(c.gateway) : first;
  const streams = c.streams ?? (gateway ? streamsFor(gateway, c.id, c.protocols) : { main: [], sub: [] });
  return {
    id: c.id,
    name: c.name,
    department: c.department,
    region: c.region,
    gridId: c.gridId === undefined ? assignGrid(c.lon, c.lat) : c.gridId,
    lon: c.lon,
    lat: c.lat,
    address: c.address,
    status: c.status,
    ptz: c.ptz,
    streams,
  };
}

/** The catalog a video configuration describes. */
export function catalogFromConfig(config: VideoConfig): Camera[] {
  const gateways = new Map(config.gateways.map((g) => [g.id, g] as const));
  if (!config.cameras) return demoCatalogThrough(config.gateways[0]!);
  return config.cameras.map((c) => configuredCamera(c, gateways, config.gateways[0]));
}
