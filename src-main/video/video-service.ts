import type { OperationHandlers, VideoState } from '@shared/contract';
import type { Camera } from '@shared/domain/camera';
import { gatewayOrigins, type GatewayConfig } from '@shared/video/gateways';
import type { Db } from '../store/database';
import { AttachmentStore } from './attachments';
import { CameraIndex } from './camera-index';
import { catalogFromConfig, demoCatalogThrough } from './catalog-streams';
import { DemoMediaServer } from './demo-media-server';
import { MediaCredentialProxy } from './media-proxy';
import { resolveSecretRefs, type SecretStore } from '../services/secret-store';
import { readVideoConfig } from './video-config';
import { VideoStore } from './video-store';

/** The video operations of the contract. */
export type VideoOperation =
  | 'listCameras'
  | 'nearestCameras'
  | 'getVideoState'
  | 'setFavourite'
  | 'saveCameraGroup'
  | 'deleteCameraGroup'
  | 'saveVideoLayout'
  | 'deleteVideoLayout'
  | 'setPanelLayout'
  | 'setVideoPrefs'
  | 'openVideoWall'
  | 'attachSnapshot'
  | 'listAttachments';

export interface VideoServiceOptions {
  db: Db;
  dataDir: string;
  /** Pushes the new video state to every window. */
  changed: (state: VideoState) => void;
  log?: (line: string) => void;
  /** Resolves `{secret:NAME}` in video.json (gateway and camera credentials). */
  secrets?: SecretStore;
  /** Start the demo media server when there is no video.json (default true). */
  demoMedia?: boolean;
}

/**
 * Everything video behind the contract: the camera catalog (video.json, or the demo catalog
 * served by the built-in demo media server), the nearest-camera index, favourites, groups,
 * layouts, and snapshots attached to incidents.
 */
export class VideoService {
  readonly store: VideoStore;
  readonly attachments: AttachmentStore;
  private cameras: Camera[] = [];
  private index = new CameraIndex([]);
  private demo?: DemoMediaServer;
  private origins: string[] = [];
  private proxy?: MediaCredentialProxy;

  constructor(private readonly o: VideoServiceOptions) {
    this.store = new VideoStore(o.db);
    this.attachments = new AttachmentStore(o.db, o.dataDir);
  }

  /** Reads video.json (or starts the demo media server) and builds the catalog. */
  async start(): Promise<void> {
    const plain = readVideoConfig(this.o.dataDir);
    const config = plain && this.o.secrets ? await resolveSecretRefs(plain, this.o.secrets, 'video.json') : plain;
    if (config) {
      this.cameras = catalogFromConfig(config);
      this.origins = config.gateways.flatMap(gatewayOrigins);
      for (const c of config.cameras ?? []) for (const s of [...(c.streams?.main ?? []), ...(c.streams?.sub ?? [])]) this.addOrigin(s.url);
      this.cameras = await this.withoutSecrets(this.cameras);
    } else if (this.o.demoMedia !== false) {
      this.demo = new DemoMediaServer();
      const base = await this.demo.start();
      this.o.log?.(`demo media server at ${base}`);
      const gateway: GatewayConfig = { id: 'demo', kind: 'demo', base, app: 'live', mainStream: '{id}', subStream: '{id}_sub' };
      this.cameras = demoCatalogThrough(gateway);
      this.origins = [base];
    }
    this.index = new CameraIndex(this.cameras);
  }

  async stop(): Promise<void> {
    await this.demo?.stop();
    await this.proxy?.stop();
  }

  /**
   * Credentials from video.json never reach the renderer: a stream URL with userinfo or a secret
   * query parameter is served through the loopback media proxy, which adds them (media-proxy.ts).
   */
  private async withoutSecrets(cameras: Camera[]): Promise<Camera[]> {
    const secret = (c: Camera): boolean => [...c.streams.main, ...c.streams.sub].some((s) => MediaCredentialProxy.hasSecret(s.url));
    if (!cameras.some(secret)) return cameras;
    const proxy = new MediaCredentialProxy();
    this.proxy = proxy;
    const base = await proxy.start();
    this.o.log?.(`media proxy for credentialed gateways at ${base}`);
    const map = (streams: Camera['streams']['main']): Camera['streams']['main'] => streams.map((s) => ({ ...s, url: proxy.publicUrl(s.url) }));
    return cameras.map((c) => (secret(c) ? { ...c, streams: { main: map(c.streams.main), sub: map(c.streams.sub) } } : c));
  }

  /** Origins the players load media from, for the renderer's CSP. */
  mediaOrigins(): string[] {
    return [...this.origins];
  }

  get catalog(): readonly Camera[] {
    return this.cameras;
  }

  private addOrigin(url: string): void {
    try {
      const origin = new URL(url).origin;
      if (/^https?:/.test(origin) && !this.origins.includes(origin)) this.origins.push(origin);
    } catch {
      // not a URL: the player will fail and say so
    }
  }

  private mutate(fn: () => void): VideoState {
    fn();
    const state = this.store.state();
    this.o.changed(state);
    return state;
  }

  readonly handlers: Pick<OperationHandlers, VideoOperation> = {
    listCameras: () => this.cameras,
    nearestCameras: ({ lon, lat, n, maxKm, onlineOnly }) => this.index.nearest(lon, lat, n, maxKm, onlineOnly),
    getVideoState: () => this.store.state(),
    setFavourite: ({ cameraId, favourite }) => this.mutate(() => this.store.setFavourite(cameraId, favourite)),
    saveCameraGroup: (g) => this.mutate(() => void this.store.saveGroup(g)),
    deleteCameraGroup: ({ id }) => this.mutate(() => this.store.deleteGroup(id)),
    saveVideoLayout: ({ name, layout }) => this.mutate(() => this.store.saveLayout(name, layout)),
    deleteVideoLayout: ({ name }) => this.mutate(() => this.store.deleteLayout(name)),
    setPanelLayout: ({ panel, layout }) => this.mutate(() => this.store.setPanel(panel, layout)),
    setVideoPrefs: (patch) => this.mutate(() => void this.store.setPrefs(patch)),
    // A host without windows of its own (the console host): the renderer opens #/wall itself.
    openVideoWall: () => ({ opened: false }),
    attachSnapshot: (a) => this.attachments.attachSnapshot(a),
    listAttachments: ({ incidentId }) => this.attachments.list(incidentId),
  };
}
