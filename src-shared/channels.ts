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
  listAlerts: 'cc:alerts:list',
  listVehicles: 'cc:vehicles:list',
  reconnectFeed: 'cc:feeds:reconnect',
  listQuarantine: 'cc:feeds:quarantine',
} as const;

export const EVENT_CHANNELS = {
  incidentsChanged: 'cc:incidents:changed',
  feedsChanged: 'cc:feeds:changed',
  settingsChanged: 'cc:settings:changed',
  vehiclesChanged: 'cc:vehicles:changed',
  alertsChanged: 'cc:alerts:changed',
} as const;

export type OperationName = keyof typeof OPERATION_CHANNELS;
export type EventName = keyof typeof EVENT_CHANNELS;
export type OperationChannel = (typeof OPERATION_CHANNELS)[OperationName];
export type EventChannel = (typeof EVENT_CHANNELS)[EventName];
