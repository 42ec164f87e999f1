/**
 * Channel names of the contract, with no schema library attached, so the preload bridge stays
 * tiny. `contract.ts` checks that this list and the schemas agree.
 */
export const OPERATION_CHANNELS = {
  appInfo: 'cc:app:info',
  queryIncidents: 'cc:incidents:query',
  getIncident: 'cc:incidents:get',
  feedStatus: 'cc:feeds:status',
  getSettings: 'cc:settings:get',
  setSettings: 'cc:settings:set',
  listCameras: 'cc:cameras:list',
  nearestCameras: 'cc:cameras:nearest',
  getVideoState: 'cc:video:state',
  setFavourite: 'cc:favourites:set',
  saveCameraGroup: 'cc:camgroups:save',
  deleteCameraGroup: 'cc:camgroups:delete',
  saveVideoLayout: 'cc:layouts:save',
  deleteVideoLayout: 'cc:layouts:delete',
  setPanelLayout: 'cc:panels:set',
  setVideoPrefs: 'cc:videoprefs:set',
  openVideoWall: 'cc:wall:open',
  attachSnapshot: 'cc:attachments:snapshot',
  listAttachments: 'cc:attachments:list',
} as const;

export const EVENT_CHANNELS = {
  incidentsChanged: 'cc:incidents:changed',
  feedsChanged: 'cc:feeds:changed',
  settingsChanged: 'cc:settings:changed',
  vehiclesChanged: 'cc:vehicles:changed',
  videoChanged: 'cc:video:changed',
} as const;

export type OperationName = keyof typeof OPERATION_CHANNELS;
export type EventName = keyof typeof EVENT_CHANNELS;
export type OperationChannel = (typeof OPERATION_CHANNELS)[OperationName];
export type EventChannel = (typeof EVENT_CHANNELS)[EventName];
