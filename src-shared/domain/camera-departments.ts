/**
 * The departments whose video the centre aggregates. Apart from the camera schema (./camera.ts),
 * like ./severity.ts, so the renderer's map loads no zod.
 */
export const CAMERA_DEPARTMENTS = [
  { code: 'cm', zh: '城管', en: 'City management' },
  { code: 'water', zh: '水利', en: 'Water resources' },
  { code: 'fishery', zh: '渔政', en: 'Fishery' },
  { code: 'coal', zh: '煤矿安全', en: 'Coal-mine safety' },
  { code: 'traffic', zh: '交通', en: 'Traffic' },
  { code: 'police', zh: '公安', en: 'Public security' },
  { code: 'emergency', zh: '应急', en: 'Emergency management' },
  { code: 'drone', zh: '无人机', en: 'Drones' },
  { code: 'vehicle', zh: '指挥车', en: 'Command vehicles' },
] as const;
export type CameraDepartment = (typeof CAMERA_DEPARTMENTS)[number]['code'];
