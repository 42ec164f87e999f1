/** A CAP 1.2 document for tests, with any field replaced. */
export function capXml(o: {
  id?: string;
  sender?: string;
  sent?: string;
  status?: string;
  msgType?: string;
  references?: string;
  infos?: string;
} = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${o.id ?? 'LD-1'}</identifier>
  <sender>${o.sender ?? 'qxt@loudi.gov.cn'}</sender>
  <sent>${o.sent ?? '2026-11-28T10:00:00+08:00'}</sent>
  <status>${o.status ?? 'Actual'}</status>
  <msgType>${o.msgType ?? 'Alert'}</msgType>
  <scope>Public</scope>
  ${o.references ? `<references>${o.references}</references>` : ''}
  ${o.infos ?? INFOS}
</alert>`;
}

const INFOS = `
  <info>
    <language>en-US</language><category>Met</category><event>Rainstorm</event>
    <urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>
    <expires>2026-11-28T22:00:00+08:00</expires>
    <headline>Rainstorm orange warning &amp; more</headline>
    <area><areaDesc>Louxing</areaDesc>
      <polygon>27.70,111.95 27.76,111.95 27.76,112.05 27.70,112.05 27.70,111.95</polygon>
      <circle>27.73,112.0 5.5</circle>
    </area>
  </info>
  <info>
    <language>zh-CN</language><category>Met</category><event>暴雨</event>
    <urgency>Expected</urgency><severity>Severe</severity><certainty>Likely</certainty>
    <expires>2026-11-28T20:00:00+08:00</expires>
    <headline>娄底市气象台发布暴雨橙色预警</headline>
    <area><areaDesc>娄星区</areaDesc><circle>27.73,112.0 5.5</circle></area>
  </info>`;

