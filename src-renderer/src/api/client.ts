import type { EventName, OperationName } from '@shared/channels';
import type { CcApi, PayloadOf, RequestOf, ResponseOf } from '@shared/contract';
import type { ErrorCode, Result } from '@shared/result';
import { createWebSocketBridge } from './ws-bridge';

/** A failed operation, with the code the host gave. */
export class ClientError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

function bridge(): CcApi {
  if (!window.cc) {
    // Not in Electron: we were served by the console host; talk to it over its WebSocket.
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    Object.defineProperty(window, 'cc', {
      value: createWebSocketBridge(`${scheme}://${location.host}/cc-api`),
      writable: false,
      configurable: false,
    });
  }
  return window.cc!;
}

async function call<K extends OperationName>(name: K, request?: RequestOf<K>): Promise<ResponseOf<K>> {
  const fn = bridge()[name] as (r?: unknown) => Promise<Result<ResponseOf<K>>>;
  const result = await fn(request);
  if (!result.ok) throw new ClientError(result.error.code, result.error.message);
  return result.value;
}

/**
 * The renderer's only way to the host. Stores call this; components call stores.
 * Each function unwraps the Result and throws a ClientError on failure.
 */
export const api = {
  appInfo: () => call('appInfo'),
  queryIncidents: (q: RequestOf<'queryIncidents'>) => call('queryIncidents', q),
  getIncident: (id: string) => call('getIncident', { id }),
  feedStatus: () => call('feedStatus'),
  getSettings: () => call('getSettings'),
  setSettings: (patch: RequestOf<'setSettings'>) => call('setSettings', patch),
  listCameras: () => call('listCameras'),
  getCase: (id: string) => call('getCase', { id }),
  caseAction: (req: RequestOf<'caseAction'>) => call('caseAction', req),
  searchIncidents: (req: RequestOf<'searchIncidents'>) => call('searchIncidents', req),
  caseStats: (req: RequestOf<'caseStats'>) => call('caseStats', req),
  gridLeague: (req: RequestOf<'gridLeague'>) => call('gridLeague', req),
  overdueCases: (req: RequestOf<'overdueCases'>) => call('overdueCases', req),
  outboxStatus: () => call('outboxStatus'),
  resolveOutbox: (req: RequestOf<'resolveOutbox'>) => call('resolveOutbox', req),
  caseClockLimits: () => call('caseClockLimits'),
  setCaseClockLimits: (req: RequestOf<'setCaseClockLimits'>) => call('setCaseClockLimits', req),
  incidentPoints: (q: RequestOf<'incidentPoints'>) => call('incidentPoints', q),
  getMapSettings: () => call('getMapSettings'),
  setBasemap: (b: RequestOf<'setBasemap'>) => call('setBasemap', b),
  basemapTile: (req: RequestOf<'basemapTile'>) => call('basemapTile', req),
  basemapResource: (url: string) => call('basemapResource', { url }),
  pmtilesInfo: () => call('pmtilesInfo'),
  nearestCameras: (q: RequestOf<'nearestCameras'>) => call('nearestCameras', q),
  getVideoState: () => call('getVideoState'),
  setFavourite: (r: RequestOf<'setFavourite'>) => call('setFavourite', r),
  saveCameraGroup: (r: RequestOf<'saveCameraGroup'>) => call('saveCameraGroup', r),
  deleteCameraGroup: (r: RequestOf<'deleteCameraGroup'>) => call('deleteCameraGroup', r),
  saveVideoLayout: (r: RequestOf<'saveVideoLayout'>) => call('saveVideoLayout', r),
  deleteVideoLayout: (r: RequestOf<'deleteVideoLayout'>) => call('deleteVideoLayout', r),
  setPanelLayout: (r: RequestOf<'setPanelLayout'>) => call('setPanelLayout', r),
  setVideoPrefs: (r: RequestOf<'setVideoPrefs'>) => call('setVideoPrefs', r),
  openVideoWall: () => call('openVideoWall'),
  attachSnapshot: (r: RequestOf<'attachSnapshot'>) => call('attachSnapshot', r),
  listAttachments: (incidentId: string) => call('listAttachments', { incidentId }),
  listAlerts: () => call('listAlerts'),
  openCaseFromAlert: (r: RequestOf<'openCaseFromAlert'>) => call('openCaseFromAlert', r),
  listVehicles: () => call('listVehicles'),
  reconnectFeed: (id: string) => call('reconnectFeed', { id }),
  listQuarantine: (q: RequestOf<'listQuarantine'>) => call('listQuarantine', q),
  on<E extends EventName>(event: E, listener: (payload: PayloadOf<E>) => void): () => void {
    return bridge().on(event, listener);
  },
};
