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
  getCase: 'cc:cases:get',
  caseAction: 'cc:cases:act',
  searchIncidents: 'cc:incidents:search',
  caseStats: 'cc:cases:stats',
  gridLeague: 'cc:cases:league',
  overdueCases: 'cc:cases:overdue',
  outboxStatus: 'cc:outbox:status',
  resolveOutbox: 'cc:outbox:resolve',
  caseClockLimits: 'cc:clock:limits',
  setCaseClockLimits: 'cc:clock:set',
  incidentPoints: 'cc:map:points',
  getMapSettings: 'cc:map:settings',
  setBasemap: 'cc:map:basemap',
  basemapTile: 'cc:map:tile',
  basemapResource: 'cc:map:resource',
  pmtilesInfo: 'cc:map:pmtiles',
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
  listAlerts: 'cc:alerts:list',
  openCaseFromAlert: 'cc:alerts:opencase',
  listVehicles: 'cc:vehicles:list',
  reconnectFeed: 'cc:feeds:reconnect',
  listQuarantine: 'cc:feeds:quarantine',
} as const;

export const EVENT_CHANNELS = {
  incidentsChanged: 'cc:incidents:changed',
  feedsChanged: 'cc:feeds:changed',
  settingsChanged: 'cc:settings:changed',
  vehiclesChanged: 'cc:vehicles:changed',
  casesEscalated: 'cc:cases:escalated',
  outboxChanged: 'cc:outbox:changed',
  mapSettingsChanged: 'cc:map:changed',
  videoChanged: 'cc:video:changed',
  alertsChanged: 'cc:alerts:changed',
} as const;

export type OperationName = keyof typeof OPERATION_CHANNELS;
export type EventName = keyof typeof EVENT_CHANNELS;
export type OperationChannel = (typeof OPERATION_CHANNELS)[OperationName];
export type EventChannel = (typeof EVENT_CHANNELS)[EventName];
