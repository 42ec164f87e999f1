import type { OperationHandlers, PayloadOf } from '@shared/contract';
import { BasemapSchema } from '@shared/map/basemap';
import { IN_SECRET_STORE, TIANDITU_TOKEN_SECRET, type SecretStore } from '../services/secret-store';
import type { Db } from '../store/database';
import { MapQueries } from '../store/map-queries';
import { MapSettingsStore } from '../store/map-settings-store';
import { BasemapService } from './basemap-service';

type MapOperation = 'incidentPoints' | 'getMapSettings' | 'setBasemap' | 'basemapTile' | 'basemapResource' | 'pmtilesInfo';

/**
 * Everything behind the situation map's operations: point windows for map and replay, the basemap
 * setting and the host-side basemap fetcher. ConsoleCore only composes it.
 */
export class SituationMapService {
  readonly queries: MapQueries;
  readonly settings: MapSettingsStore;
  readonly basemap: BasemapService;
  private readonly secrets?: SecretStore;

  constructor(
    db: Db,
    private readonly onSettingsChanged: (view: PayloadOf<'mapSettingsChanged'>) => void,
    options: { tiandituUrl?: string; dataDir?: string; secrets?: SecretStore } = {},
  ) {
    this.secrets = options.secrets;
    this.queries = new MapQueries(db);
    this.settings = new MapSettingsStore(db);
    this.basemap = new BasemapService({
      settings: () => this.settings.get(),
      sources: () => this.settings.sources(),
      dataDir: options.dataDir,
      tiandituUrl: options.tiandituUrl,
      tiandituToken: async (stored) => (stored === IN_SECRET_STORE ? ((await this.secrets?.get(TIANDITU_TOKEN_SECRET)) ?? '') : stored),
    });
  }

  handlers(): Pick<OperationHandlers, MapOperation> {
    return {
      incidentPoints: (q) => this.queries.incidentPoints(q),
      getMapSettings: () => this.settings.view(),
      // A session chooses among the sources the operator configured; it cannot add one.
      setBasemap: async (b) => {
        const parsed = BasemapSchema.parse(b);
        await this.basemap.assertChoosable(parsed);
        if (parsed.kind === 'tianditu' && parsed.token !== '' && this.secrets) {
          // The token goes to the secret store; the setting keeps only a marker.
          await this.secrets.set(TIANDITU_TOKEN_SECRET, parsed.token);
          this.settings.setBasemap({ ...parsed, token: IN_SECRET_STORE });
        } else this.settings.setBasemap(b);
        const view = this.settings.view();
        this.onSettingsChanged(view);
        return view;
      },
      basemapTile: (req) => this.basemap.tile(req),
      basemapResource: ({ url }) => this.basemap.resource(url),
      pmtilesInfo: () => this.basemap.pmtilesInfo(),
    };
  }

  /** A token stored in the setting by an earlier version moves into the secret store. */
  async moveTokenToSecretStore(): Promise<void> {
    const b = this.settings.get().basemap;
    if (!this.secrets || b.kind !== 'tianditu' || b.token === '' || b.token === IN_SECRET_STORE) return;
    await this.secrets.set(TIANDITU_TOKEN_SECRET, b.token);
    this.settings.setBasemap({ ...b, token: IN_SECRET_STORE });
  }

  async close(): Promise<void> {
    await this.basemap.close();
  }
}
