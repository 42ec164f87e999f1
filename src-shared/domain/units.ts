/**
 * Units the centre dispatches cases to (责任单位). The dispatch dialog offers these and accepts any
 * other name typed in.
 */
export const RESPONSIBLE_UNITS = [
  '娄星区城管局',
  '娄星区综治中心',
  '乐坪街道办',
  '花山街道办',
  '大科街道办',
  '长青街道办',
  '市水利局',
  '市应急管理局',
  '市消防救援支队',
  '市公安局娄星分局',
  '市自然资源和规划局',
  '市住房和城乡建设局',
] as const;
