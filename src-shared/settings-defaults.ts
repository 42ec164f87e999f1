import type { Settings } from './contract';

/**
 * The settings of a fresh console (and what the renderer shows until its own have loaded). Apart
 * from the contract so the renderer's shell reads them without loading zod; re-exported there.
 */
export const DEFAULT_SETTINGS: Settings = {
  locale: 'zh-CN',
  alertSound: true,
  alertLevel: 'orange',
  alertVolume: 0.7,
  alertEscalateMinutes: 5,
  simulatorRatePerMinute: 12,
  caseRole: 'duty',
  operatorName: '值班员',
};
