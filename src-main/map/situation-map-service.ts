import type { OperationHandlers, PayloadOf } from '@shared/contract';
import { BasemapSchema } from '@shared/map/basemap';
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

  constructor(
    db: Db,
    private readonly onSettingsChanged: (view: PayloadOf<'mapSettingsChanged'>) => void,
    options: { tiandituUrl?: string; dataDir?: string } = {},
  ) {
    this.queries = new MapQueries(db);
    this.settings = new MapSettingsStore(db);
    this.basemap = new BasemapService({
      settings: () => this.settings.get(),
      sources: () => this.settings.sources(),
      dataDir: options.dataDir,
      tiandituUrl: options.tiandituUrl,
    });
  }

  handlers(): Pick<OperationHandlers, MapOperation> {
    return {
      incidentPoints: (q) => this.queries.incidentPoints(q),
      getMapSettings: () => this.settings.view(),
      // A session chooses among the sources the operator configured; it cannot add one.
      setBasemap: async (b) => {
        await this.basemap.assertChoosable(BasemapSchema.parse(b));
        this.settings.setBasemap(b);
        const view = this.settings.view();
        this.onSettingsChanged(view);
        return view;
      },
      basemapTile: (req) => this.basemap.tile(req),
      basemapResource: ({ url }) => this.basemap.resource(url),
      pmtilesInfo: () => this.basemap.pmtilesInfo(),
    };
  }

  async close(): Promise<void> {
    await this.basemap.close();
  }
}
