import type { SessionSummary } from '@shared/briefing/session-section';

/** A consultation session's summary as the consultation service gives it (`summary(sessionId)`). */
export function sessionFixture(startedAt: number, pinnedIncidentId: string): SessionSummary {
  return {
    id: 'hs-20260701-01',
    title: '乐坪大道内涝会商',
    host: '王指挥',
    startedAt,
    endedAt: startedAt + 90 * 60_000,
    pinned: [
      { kind: 'incident', id: pinnedIncidentId, note: '优先抽排，封闭下穿通道' },
      { kind: 'incident', id: 'test:missing', note: '已不在缓存中' },
      { kind: 'signal', id: 'ears-c2:gg.epidemic:city:2026-07-01', note: '持续关注' },
      { kind: 'alert', id: 'cap:hnqx:2026070101', note: '暴雨橙色预警' },
    ],
    decisions: [
      { at: startedAt + 20 * 60_000, by: '王指挥', text: '调派两台抽水泵车赴乐坪大道', unit: '市城管局', deadline: startedAt + 80 * 60_000, caseId: pinnedIncidentId },
      { at: startedAt + 45 * 60_000, by: '李副指挥', text: '发布交通管制提示', unit: null, deadline: null, caseId: null },
    ],
    annotations: {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[111.99, 27.72], [112.01, 27.72], [112.01, 27.74], [111.99, 27.74], [111.99, 27.72]]] }, properties: { color: '#d7263d', author: '王指挥' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [112.0, 27.73] }, properties: { text: '抽排点', color: '#1e3a8a' } },
      ],
    },
  };
}
