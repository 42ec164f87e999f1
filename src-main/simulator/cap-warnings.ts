import { chinaTime } from '@shared/domain/china-time';
import { mulberry32, pick, type Random } from '@shared/prng';

/**
 * Weather and flood warnings as the city's meteorological observatory and hydrology bureau would
 * publish them: CAP 1.2 documents with a Chinese and an English info, areas as polygons and
 * circles, updates that supersede, cancels, and an exercise kept apart from real alerts.
 */

export interface CapDoc {
  identifier: string;
  sent: number;
  xml: string;
}

interface Template {
  event: [string, string];
  sender: string;
  senderName: [string, string];
  colour: 'red' | 'orange' | 'yellow' | 'blue';
  area: keyof typeof AREAS;
  description: [string, string];
}

const CAP_SEVERITY = { red: 'Extreme', orange: 'Severe', yellow: 'Moderate', blue: 'Minor' } as const;
const COLOUR_ZH = { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' } as const;

/** Areas as CAP writes them: `lat,lon` pairs (closed) or `lat,lon radiusKm`. */
const AREAS = {
  louxing: { zh: '娄星区', en: 'Louxing District', polygon: '27.69,111.95 27.77,111.95 27.77,112.06 27.69,112.06 27.69,111.95' },
  lianyuan: { zh: '涟源市', en: 'Lianyuan', polygon: '27.55,111.55 27.85,111.55 27.85,111.85 27.55,111.85 27.55,111.55' },
  shuangfeng: { zh: '双峰县', en: 'Shuangfeng County', circle: '27.46,112.18 18' },
  xinhua: { zh: '新化县', en: 'Xinhua County', polygon: '27.55,111.10 27.95,111.10 27.95,111.45 27.55,111.45 27.55,111.10' },
  lianshui: { zh: '涟水娄底城区段', en: 'Lianshui river, Loudi urban reach', polygon: '27.715,111.96 27.735,111.96 27.74,112.04 27.72,112.04 27.715,111.96' },
} as const;

const TEMPLATES: readonly Template[] = [
  {
    event: ['暴雨', 'Rainstorm'],
    sender: 'qxt@loudi.gov.cn',
    senderName: ['娄底市气象台', 'Loudi Meteorological Observatory'],
    colour: 'yellow',
    area: 'louxing',
    description: ['预计未来6小时内娄星区降雨量将达50毫米以上，请注意防范城市内涝。', 'Over 50 mm of rain expected within 6 hours; beware of urban waterlogging.'],
  },
  {
    event: ['洪水', 'Flood'],
    sender: 'swj@loudi.gov.cn',
    senderName: ['娄底市水文局', 'Loudi Hydrology Bureau'],
    colour: 'blue',
    area: 'lianshui',
    description: ['涟水娄底站水位持续上涨，预计将超过警戒水位。', 'The Lianshui at Loudi is rising and expected to pass the warning level.'],
  },
  {
    event: ['地质灾害', 'Geological hazard'],
    sender: 'zrzy@loudi.gov.cn',
    senderName: ['娄底市自然资源和规划局', 'Loudi Natural Resources Bureau'],
    colour: 'yellow',
    area: 'shuangfeng',
    description: ['连续降雨，双峰县山区发生滑坡、泥石流的风险较高。', 'After days of rain, landslide and debris-flow risk is high in Shuangfeng hills.'],
  },
  {
    event: ['大风', 'Gale'],
    sender: 'qxt@loudi.gov.cn',
    senderName: ['娄底市气象台', 'Loudi Meteorological Observatory'],
    colour: 'blue',
    area: 'xinhua',
    description: ['预计新化县将出现6级以上阵风。', 'Gusts of force 6 or more expected in Xinhua.'],
  },
  {
    event: ['雷电', 'Thunderstorm'],
    sender: 'qxt@loudi.gov.cn',
    senderName: ['娄底市气象台', 'Loudi Meteorological Observatory'],
    colour: 'yellow',
    area: 'lianyuan',
    description: ['涟源市将出现雷电活动，局地伴有短时强降水。', 'Thunderstorms with local downpours expected in Lianyuan.'],
  },
];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export class CapWarnings {
  private readonly rnd: Random;
  private readonly docs: CapDoc[] = [];
  private serial = 0;
  /** Alerts that may still be updated or cancelled: identifier → template and colour. */
  private readonly live = new Map<string, { t: Template; colour: Template['colour']; sender: string; sent: number }>();

  private prefix: string;

  constructor(
    private readonly seedValue: number,
    private readonly runPrefix: string,
  ) {
    this.rnd = mulberry32(seedValue ^ 0x63a9);
    this.prefix = runPrefix;
  }

  /**
   * The situation at start-up: a day's warnings, some updated, one cancelled, one exercise.
   * Their identifiers depend only on the seed and the day, so a console restarted the same day
   * sees the same alerts again (and keeps one copy), as it would from a real publisher.
   */
  seed(now: number): void {
    const h = 3600_000;
    const day = chinaTime(now).slice(0, 10).replace(/-/g, '');
    this.prefix = `LD-${this.seedValue.toString(36).toUpperCase()}-${day}-S`;
    const rain = this.alert(TEMPLATES[0]!, now - 3 * h, now + 9 * h);
    this.update(rain, 'orange', now - 40 * 60_000, now + 9 * h);
    this.alert(TEMPLATES[1]!, now - 2 * h, now + 12 * h);
    this.alert(TEMPLATES[2]!, now - 5 * h, now + 20 * h);
    const gale = this.alert(TEMPLATES[3]!, now - 6 * h, now + 6 * h);
    this.cancel(gale, now - 1 * h);
    this.alert(TEMPLATES[4]!, now - 30 * h, now - 18 * h); // expired
    this.alert({ ...TEMPLATES[1]!, colour: 'red' }, now - h, now + 2 * h, 'Exercise');
    this.prefix = this.runPrefix;
    this.serial = 0;
  }

  /** Something new happens now and then: a new warning, an upgrade, or a cancel. */
  step(now: number): void {
    const open = [...this.live.keys()];
    const r = this.rnd();
    if (open.length && r < 0.35) {
      const id = pick(this.rnd, open);
      const cur = this.live.get(id)!;
      const up = { blue: 'yellow', yellow: 'orange', orange: 'red', red: 'red' } as const;
      this.update(id, up[cur.colour], now, now + 6 * 3600_000);
    } else if (open.length > 3 && r < 0.55) {
      this.cancel(pick(this.rnd, open), now);
    } else {
      this.alert(pick(this.rnd, TEMPLATES), now, now + (2 + this.rnd() * 10) * 3600_000);
    }
  }

  /** Newest first. */
  list(): readonly CapDoc[] {
    return this.docs;
  }

  get(identifier: string): CapDoc | undefined {
    return this.docs.find((d) => d.identifier === identifier);
  }

  /** An Atom index of the documents, newest first, links relative to `base`. */
  atom(base: string, now: number): string {
    const entries = this.docs
      .slice(0, 200)
      .map(
        (d) =>
          `<entry><id>urn:cap:${esc(d.identifier)}</id><title>${esc(d.identifier)}</title><updated>${chinaTime(d.sent)}</updated>` +
          `<link rel="alternate" type="application/cap+xml" href="${esc(`${base}/cap/alerts/${encodeURIComponent(d.identifier)}.xml`)}"/></entry>`,
      )
      .join('');
    return `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><id>urn:loudi:cap</id><title>娄底市预警信息</title><updated>${chinaTime(now)}</updated>${entries}</feed>`;
  }

  private alert(t: Template, sent: number, expires: number, status = 'Actual'): string {
    const id = this.nextId();
    this.push(id, t.sender, sent, 'Alert', status, t, t.colour, expires, []);
    if (status === 'Actual') this.live.set(id, { t, colour: t.colour, sender: t.sender, sent });
    return id;
  }

  private update(ref: string, colour: Template['colour'], sent: number, expires: number): void {
    const cur = this.live.get(ref);
    if (!cur) return;
    const id = this.nextId();
    this.push(id, cur.sender, sent, 'Update', 'Actual', cur.t, colour, expires, [`${cur.sender},${ref},${chinaTime(cur.sent)}`]);
    this.live.delete(ref);
    this.live.set(id, { t: cur.t, colour, sender: cur.sender, sent });
  }

  private cancel(ref: string, sent: number): void {
    const cur = this.live.get(ref);
    if (!cur) return;
    const id = this.nextId();
    this.push(id, cur.sender, sent, 'Cancel', 'Actual', cur.t, cur.colour, null, [`${cur.sender},${ref},${chinaTime(cur.sent)}`]);
    this.live.delete(ref);
  }

  private nextId(): string {
    this.serial += 1;
    return `${this.prefix}-${String(this.serial).padStart(4, '0')}`;
  }

  private push(
    identifier: string,
    sender: string,
    sent: number,
    msgType: string,
    status: string,
    t: Template,
    colour: Template['colour'],
    expires: number | null,
    references: string[],
  ): void {
    const area = AREAS[t.area];
    const areaXml = (lang: 0 | 1): string =>
      `<area><areaDesc>${esc(lang === 0 ? area.zh : area.en)}</areaDesc>` +
      ('polygon' in area ? `<polygon>${area.polygon}</polygon>` : `<circle>${area.circle}</circle>`) +
      `<geocode><valueName>GB/T 2260</valueName><value>431300</value></geocode></area>`;
    const info = (lang: 0 | 1): string => {
      const headline =
        lang === 0
          ? `${t.senderName[0]}${msgType === 'Cancel' ? '解除' : msgType === 'Update' ? '更新' : '发布'}${t.event[0]}${COLOUR_ZH[colour]}预警`
          : `${t.senderName[1]}: ${t.event[1]} ${colour} warning${msgType === 'Cancel' ? ' lifted' : msgType === 'Update' ? ' updated' : ''}`;
      return (
        `<info><language>${lang === 0 ? 'zh-CN' : 'en-US'}</language><category>Met</category><event>${esc(t.event[lang])}</event>` +
        `<responseType>Prepare</responseType><urgency>Expected</urgency><severity>${CAP_SEVERITY[colour]}</severity><certainty>Likely</certainty>` +
        `<eventCode><valueName>CMA</valueName><value>${esc(t.event[1])}</value></eventCode>` +
        `<effective>${chinaTime(sent)}</effective>${expires !== null ? `<expires>${chinaTime(expires)}</expires>` : ''}` +
        `<senderName>${esc(t.senderName[lang])}</senderName><headline>${esc(headline)}</headline>` +
        `<description>${esc(t.description[lang])}</description>${areaXml(lang)}</info>`
      );
    };
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">` +
      `<identifier>${esc(identifier)}</identifier><sender>${esc(sender)}</sender><sent>${chinaTime(sent)}</sent>` +
      `<status>${status}</status><msgType>${msgType}</msgType><scope>Public</scope>` +
      (references.length ? `<references>${esc(references.join(' '))}</references>` : '') +
      info(0) +
      info(1) +
      `</alert>\n`;
    this.docs.unshift({ identifier, sent, xml });
    if (this.docs.length > 1000) this.docs.pop();
  }
}
