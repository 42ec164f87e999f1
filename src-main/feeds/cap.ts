import { DEFAULT_MAX_FUTURE_SKEW_MS, MAX_ALERT_SPAN_MS, futureTimeProblem } from '@shared/domain/time-rules';
import { XMLParser } from 'fast-xml-parser';
import {
  CAP_MSG_TYPES,
  CAP_STATUSES,
  AlertSchema,
  capSeverityColour,
  type Alert,
  type AlertArea,
  type AlertInfo,
} from '@shared/domain/alert';
import { SEVERITIES, type Severity } from '@shared/domain/incident';
import { capCategory } from './category-maps';

/**
 * OASIS CAP 1.2 documents, and the Atom or RSS indexes that list them, parsed as hostile input:
 * a document type declaration of any kind is refused before parsing (so neither external
 * entities nor entity-expansion bombs get a chance), the parser itself has entity processing
 * off, and only the five predefined XML entities and character references are decoded, once.
 */

export const MAX_CAP_BYTES = 1024 * 1024;

export type CapResult = { ok: true; alert: Alert } | { ok: false; reason: string };

const ARRAYS = new Set(['info', 'area', 'polygon', 'circle', 'geocode', 'parameter', 'resource', 'eventCode', 'code', 'category', 'responseType', 'entry', 'item', 'link']);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => ARRAYS.has(name),
});

/** Refuses what a CAP document or feed index never needs and an attacker always does. */
export function refuseHostileXml(xml: string, maxBytes = MAX_CAP_BYTES): string | undefined {
  if (Buffer.byteLength(xml, 'utf8') > maxBytes) return `document larger than ${maxBytes} bytes`;
  if (/<!DOCTYPE/i.test(xml)) return 'document type declarations are refused (DTD, external entities)';
  if (/<!ENTITY/i.test(xml)) return 'entity declarations are refused';
  if (/<!\[CDATA\[[\s\S]{1048576}/.test(xml)) return 'CDATA section too large';
  return undefined;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references, once; anything else stays as written. */
export function decodeXmlText(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return PREDEFINED[ref]!;
    const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    if (!Number.isFinite(cp) || cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return whole;
    return String.fromCodePoint(cp);
  });
}

function parseXml(xml: string): Record<string, unknown> | string {
  const refused = refuseHostileXml(xml);
  if (refused) return refused;
  try {
    const doc = parser.parse(xml, true) as unknown;
    if (!doc || typeof doc !== 'object') return 'not an XML document';
    return doc as Record<string, unknown>;
  } catch (err) {
    return `malformed XML: ${(err as Error).message.split('\n')[0]!.slice(0, 200)}`;
  }
}

/** Text content of a parsed element (a string, or an object with `#text`), decoded. */
function text(v: unknown, max = 20_000): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return decodeXmlText(v).slice(0, max);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return text(v[0], max);
  if (typeof v === 'object' && '#text' in (v as object)) return text((v as Record<string, unknown>)['#text'], max);
  return '';
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function time(v: unknown): number | null {
  const s = text(v);
  if (!s) return null;
  // CAP dateTime: always with an explicit offset (YYYY-MM-DDThh:mm:ss+hh:mm).
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/.test(s)) return Number.NaN;
  const t = Date.parse(s);
  return Number.isFinite(t) ? t : Number.NaN;
}

/** `lat,lon lat,lon …` (CAP's order) → closed [lon, lat] ring, or a reason. */
function polygon(s: string): [number, number][] | string {
  const pairs = s.trim().split(/\s+/);
  if (pairs.length < 4 || pairs.length > 10_000) return 'polygon needs 4 or more points';
  const ring: [number, number][] = [];
  for (const p of pairs) {
    const [la, lo, extra] = p.split(',');
    const lat = Number(la);
    const lon = Number(lo);
    if (extra !== undefined || !Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      return `bad polygon point "${p.slice(0, 40)}"`;
    }
    ring.push([lon, lat]);
  }
  const [f, l] = [ring[0]!, ring.at(-1)!];
  if (f[0] !== l[0] || f[1] !== l[1]) return 'polygon is not closed';
  return ring;
}

/** `lat,lon radiusKm` → circle, or a reason. */
function circle(s: string): AlertArea['circles'][number] | string {
  const m = /^\s*(-?[\d.]+),\s*(-?[\d.]+)\s+([\d.]+)\s*$/.exec(s);
  if (!m) return `bad circle "${s.slice(0, 40)}"`;
  const [lat, lon, r] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (![lat, lon, r].every(Number.isFinite) || Math.abs(lat) > 90 || Math.abs(lon) > 180 || r > 20_000) return `bad circle "${s.slice(0, 40)}"`;
  return { center: [lon, lat], radiusKm: r };
}

const worst = (a: Severity, b: Severity): Severity => (SEVERITIES.indexOf(a) <= SEVERITIES.indexOf(b) ? a : b);

/** Parses one CAP 1.2 `<alert>`; `source` names the feed. Never throws. */
export function parseCapAlert(xml: string, source: string, receivedAt: number, maxFutureSkewMs = DEFAULT_MAX_FUTURE_SKEW_MS): CapResult {
  const doc = parseXml(xml);
  if (typeof doc === 'string') return { ok: false, reason: doc };
  return capFromParsed(doc.alert, source, receivedAt, maxFutureSkewMs);
}

function capFromParsed(a: unknown, source: string, receivedAt: number, maxFutureSkewMs: number): CapResult {
  if (!a || typeof a !== 'object') return { ok: false, reason: 'no <alert> element' };
  const el = a as Record<string, unknown>;
  const ns = text(el['@xmlns']);
  if (ns && ns !== 'urn:oasis:names:tc:emergency:cap:1.2') return { ok: false, reason: `not CAP 1.2 (${ns.slice(0, 80)})` };
  const identifier = text(el.identifier, 500);
  const sender = text(el.sender, 500);
  const sent = time(el.sent);
  const msgType = text(el.msgType);
  const status = text(el.status);
  if (!identifier || /[\s,<&]/.test(identifier)) return { ok: false, reason: 'identifier missing or invalid' };
  if (!sender || /[\s,<&]/.test(sender)) return { ok: false, reason: 'sender missing or invalid' };
  if (sent === null || Number.isNaN(sent)) return { ok: false, reason: 'sent missing or not a CAP dateTime' };
  const future = futureTimeProblem('sent', sent, receivedAt, maxFutureSkewMs);
  if (future) return { ok: false, reason: future };
  if (!(CAP_MSG_TYPES as readonly string[]).includes(msgType)) return { ok: false, reason: `msgType "${msgType.slice(0, 20)}" invalid` };
  if (!(CAP_STATUSES as readonly string[]).includes(status)) return { ok: false, reason: `status "${status.slice(0, 20)}" invalid` };
  const references = text(el.references, 50_000)
    .split(/\s+/)
    .filter(Boolean)
    .map((r) => r.split(','))
    .filter((r) => r.length === 3)
    .map(([s, id]) => `${s},${id}`);
  if ((msgType === 'Update' || msgType === 'Cancel') && references.length === 0) {
    return { ok: false, reason: `${msgType} without references` };
  }
  const infos: AlertInfo[] = [];
  const areas: AlertArea[] = [];
  let severity: Severity = 'blue';
  let expires: number | null = null;
  const eventTexts: string[] = [];
  for (const raw of list(el.info).slice(0, 20)) {
    const i = (raw ?? {}) as Record<string, unknown>;
    const times = { effective: time(i.effective), onset: time(i.onset), expires: time(i.expires) };
    for (const [k, v] of Object.entries(times)) {
      if (Number.isNaN(v)) return { ok: false, reason: `info ${k} is not a CAP dateTime` };
      // One rule for absurd spans (year 9999): refused, never clamped, so what is in force is what was sent.
      if (v !== null && v > sent + MAX_ALERT_SPAN_MS) return { ok: false, reason: `info ${k} is more than ${MAX_ALERT_SPAN_MS / 86_400_000} days after sent` };
    }
    const info: AlertInfo = {
      language: text(i.language, 20) || 'en-US',
      event: text(i.event, 500),
      headline: text(i.headline, 1000),
      description: text(i.description),
      instruction: text(i.instruction),
      capSeverity: text(i.severity, 20) || 'Unknown',
      urgency: text(i.urgency, 20),
      certainty: text(i.certainty, 20),
      senderName: text(i.senderName, 500),
      ...times,
    };
    infos.push(info);
    eventTexts.push(info.event, ...list(i.eventCode).map((c) => text((c as Record<string, unknown>)?.value, 200)));
    severity = worst(severity, capSeverityColour(info.capSeverity));
    if (info.expires !== null) expires = Math.max(expires ?? 0, info.expires);
    for (const ra of list(i.area).slice(0, 50 - areas.length)) {
      const ar = (ra ?? {}) as Record<string, unknown>;
      const area: AlertArea = { description: text(ar.areaDesc, 2000), polygons: [], circles: [], geocodes: [] };
      for (const p of list(ar.polygon).slice(0, 100)) {
        const ring = polygon(text(p, 2_000_000));
        if (typeof ring === 'string') return { ok: false, reason: ring };
        area.polygons.push(ring);
      }
      for (const c of list(ar.circle).slice(0, 100)) {
        const cc = circle(text(c, 200));
        if (typeof cc === 'string') return { ok: false, reason: cc };
        area.circles.push(cc);
      }
      for (const g of list(ar.geocode).slice(0, 100)) {
        const gg = (g ?? {}) as Record<string, unknown>;
        area.geocodes.push({ name: text(gg.valueName, 100), value: text(gg.value, 200) });
      }
      areas.push(area);
    }
  }
  if (msgType !== 'Cancel' && msgType !== 'Ack' && msgType !== 'Error' && infos.length === 0) {
    return { ok: false, reason: 'alert has no <info>' };
  }
  // Chinese first: the duty officer reads Chinese; other languages follow in document order.
  infos.sort((x, y) => Number(!x.language.toLowerCase().startsWith('zh')) - Number(!y.language.toLowerCase().startsWith('zh')));
  const alert: Alert = {
    identifier,
    sender,
    sent,
    msgType: msgType as Alert['msgType'],
    status: status as Alert['status'],
    severity,
    category: capCategory(eventTexts),
    infos,
    areas,
    expires,
    references,
    source,
    receivedAt,
  };
  const checked = AlertSchema.safeParse(alert);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') ?? 'alert'}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, alert };
}

/** An entry of an Atom or RSS index of CAP alerts. */
export interface CapIndexEntry {
  /** Entry id (Atom `id`, RSS `guid`), or the link. */
  id: string;
  link: string;
  /** Atom `updated` / RSS `pubDate`, epoch ms, when given. */
  updated: number | null;
}

export type CapDocument =
  | { kind: 'alert'; result: CapResult }
  | { kind: 'index'; entries: CapIndexEntry[] }
  | { kind: 'invalid'; reason: string };

/** Tells a CAP alert from an Atom/RSS index and parses either. Relative links resolve against `baseUrl`. */
export function parseCapDocument(xml: string, source: string, receivedAt: number, baseUrl?: string, maxFutureSkewMs = DEFAULT_MAX_FUTURE_SKEW_MS): CapDocument {
  const doc = parseXml(xml);
  if (typeof doc === 'string') return { kind: 'invalid', reason: doc };
  if (doc.alert) return { kind: 'alert', result: capFromParsed(doc.alert, source, receivedAt, maxFutureSkewMs) };
  const resolve = (href: string): string | undefined => {
    try {
      const u = new URL(href, baseUrl);
      return u.protocol === 'http:' || u.protocol === 'https:' || u.protocol === 'file:' ? u.toString() : undefined;
    } catch {
      return undefined;
    }
  };
  if (doc.feed && typeof doc.feed === 'object') {
    const entries: CapIndexEntry[] = [];
    for (const e of list((doc.feed as Record<string, unknown>).entry).slice(0, 5000)) {
      const en = (e ?? {}) as Record<string, unknown>;
      const links = list(en.link).map((l) => (l ?? {}) as Record<string, unknown>);
      const capLink = links.find((l) => /cap|xml/i.test(text(l['@type']))) ?? links[0];
      const link = capLink ? resolve(text(capLink['@href'], 2000)) : undefined;
      if (!link) continue;
      const updated = Date.parse(text(en.updated));
      entries.push({ id: text(en.id, 500) || link, link, updated: Number.isFinite(updated) ? updated : null });
    }
    return { kind: 'index', entries };
  }
  if (doc.rss && typeof doc.rss === 'object') {
    const channel = ((doc.rss as Record<string, unknown>).channel ?? {}) as Record<string, unknown>;
    const entries: CapIndexEntry[] = [];
    for (const it of list(channel.item).slice(0, 5000)) {
      const item = (it ?? {}) as Record<string, unknown>;
      const link = resolve(text(item.link, 2000));
      if (!link) continue;
      const updated = Date.parse(text(item.pubDate));
      entries.push({ id: text(item.guid, 500) || link, link, updated: Number.isFinite(updated) ? updated : null });
    }
    return { kind: 'index', entries };
  }
  return { kind: 'invalid', reason: 'neither a CAP <alert> nor an Atom/RSS index' };
}
