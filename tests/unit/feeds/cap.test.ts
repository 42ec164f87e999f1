import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeXmlText, parseCapAlert, parseCapDocument } from '../../../src-main/feeds/cap';
import { capCategory } from '../../../src-main/feeds/category-maps';
import { capXml } from './cap-fixtures';

/** When the console received these documents: after they were sent (2026-11-28T02:00Z). */
const RECEIVED = Date.parse('2026-11-28T03:00:00Z');

describe('CAP 1.2 parsing', () => {
  it('keeps every info (Chinese first), the areas as [lon,lat] geometry, the latest expiry and the colour', () => {
    const r = parseCapAlert(capXml(), 'cap', RECEIVED);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = r.alert;
    expect(a).toMatchObject({ identifier: 'LD-1', sender: 'qxt@loudi.gov.cn', msgType: 'Alert', status: 'Actual', severity: 'orange', category: 'em.weather' });
    expect(a.sent).toBe(Date.parse('2026-11-28T02:00:00Z'));
    expect(a.infos.map((i) => i.language)).toEqual(['zh-CN', 'en-US']);
    expect(a.infos[1]!.headline).toBe('Rainstorm orange warning & more');
    expect(a.expires).toBe(Date.parse('2026-11-28T14:00:00Z'));
    expect(a.areas[0]!.polygons[0]![0]).toEqual([111.95, 27.7]);
    expect(a.areas[0]!.circles[0]).toEqual({ center: [112.0, 27.73], radiusKm: 5.5 });
  });

  it.each([
    ['Extreme', 'red'],
    ['Severe', 'orange'],
    ['Moderate', 'yellow'],
    ['Minor', 'blue'],
    ['Unknown', 'blue'],
  ])('maps CAP severity %s to %s', (cap, colour) => {
    const r = parseCapAlert(capXml({ infos: `<info><event>暴雨</event><severity>${cap}</severity><headline>h</headline></info>` }), 'cap', RECEIVED);
    expect(r.ok && r.alert.severity).toBe(colour);
  });

  it('keeps the references of an Update and a Cancel; refuses them without references', () => {
    const u = parseCapAlert(capXml({ id: 'LD-2', msgType: 'Update', references: 'qxt@loudi.gov.cn,LD-1,2026-11-28T10:00:00+08:00' }), 'cap', RECEIVED);
    expect(u.ok && u.alert.references).toEqual(['qxt@loudi.gov.cn,LD-1']);
    expect(parseCapAlert(capXml({ msgType: 'Cancel', infos: '' }), 'cap', RECEIVED)).toMatchObject({ ok: false, reason: 'Cancel without references' });
  });

  it('refuses a CAP alert with an external entity (XXE), before parsing', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${capXml({ id: '&xxe;' }).replace(/^<\?xml[^>]*>/, '')}`;
    const r = parseCapAlert(xxe, 'cap', RECEIVED);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/document type declarations are refused/);
  });

  it('refuses an entity-expansion bomb (billion laughs)', () => {
    const lol = ['<!ENTITY lol "lol">'];
    for (let i = 1; i < 10; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const bomb = `<?xml version="1.0"?><!DOCTYPE alert [${lol.join('')}]><alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>&lol9;</identifier></alert>`;
    const r = parseCapAlert(bomb, 'cap', RECEIVED);
    expect(r.ok).toBe(false);
    // An entity smuggled in without a DOCTYPE stays literal text and never expands.
    const smuggled = parseCapAlert(capXml({ infos: '<info><event>&lol9;</event><severity>Minor</severity></info>' }), 'cap', RECEIVED);
    expect(smuggled.ok && smuggled.alert.infos[0]!.event).toBe('&lol9;');
  });

  it('decodes the predefined entities once, never twice', () => {
    expect(decodeXmlText('&amp;lt;b&amp;gt; &#x4E2D;&#25991; &bogus;')).toBe('&lt;b&gt; 中文 &bogus;');
  });

  it('refuses malformed, oversize and off-spec documents with a reason', () => {
    const bad = [
      '',
      'not xml at all',
      '<alert><identifier>x</identifier>',
      capXml({ sent: 'yesterday' }),
      capXml({ status: 'Real' }),
      capXml({ msgType: 'Shout' }),
      capXml({ id: 'has space' }),
      capXml({ infos: '<info><event>e</event><area><polygon>27.7,111.9 27.8,111.9 27.8,112.0</polygon></area></info>' }),
      capXml({ infos: '<info><event>e</event><area><circle>95,112 5</circle></area></info>' }),
      capXml({ infos: '' }),
      `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.1"><identifier>x</identifier></alert>`,
      capXml().replace('</alert>', `${' '.repeat(1024 * 1024)}</alert>`),
    ];
    for (const xml of bad) {
      const r = parseCapAlert(xml, 'cap', RECEIVED);
      expect(r.ok, xml.slice(0, 80)).toBe(false);
      expect(!r.ok && r.reason.length).toBeGreaterThan(0);
    }
  });

  it('reads Atom and RSS indexes of CAP documents, resolving relative links', () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>urn:1</id><updated>2026-11-28T10:00:00+08:00</updated><link type="application/cap+xml" href="/cap/1.xml"/></entry><entry><id>urn:2</id><link href="javascript:alert(1)"/></entry></feed>`;
    const doc = parseCapDocument(atom, 'cap', 1, 'http://127.0.0.1:9/cap/index.atom');
    expect(doc).toEqual({ kind: 'index', entries: [{ id: 'urn:1', link: 'http://127.0.0.1:9/cap/1.xml', updated: Date.parse('2026-11-28T02:00:00Z') }] });
    const rss = `<rss version="2.0"><channel><item><guid>g1</guid><link>http://x/a.xml</link><pubDate>Sat, 28 Nov 2026 02:00:00 GMT</pubDate></item></channel></rss>`;
    expect(parseCapDocument(rss, 'cap', RECEIVED)).toMatchObject({ kind: 'index', entries: [{ id: 'g1', link: 'http://x/a.xml' }] });
  });

  it('maps CAP events onto emergency categories', () => {
    expect(capCategory(['洪水'])).toBe('em.flood');
    expect(capCategory(['城市内涝'])).toBe('em.waterlogging');
    expect(capCategory(['Landslide'])).toBe('em.geological');
    expect(capCategory(['Gale'])).toBe('em.weather');
    expect(capCategory(['something else'])).toBe('em.other');
  });

  it('never throws on arbitrary input, and what it accepts is a valid alert (property)', () => {
    const fragments = fc.constantFrom('<', '>', '&', '&amp;', '&#0;', '&#x110000;', '<!DOCTYPE', '<!ENTITY', ']]>', '<![CDATA[', '"', "'", '<info>', '</info>', '<area>', '<polygon>', '<circle>', '中文', '\u0000');
    const noise = fc.array(fc.oneof(fc.string(), fragments), { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(
      fc.property(noise, fc.constantFrom('identifier', 'sender', 'sent', 'status', 'msgType', 'references', 'infos'), (junk, field) => {
        for (const xml of [junk, capXml({ [field === 'identifier' ? 'id' : field]: junk } as never)]) {
          const r = parseCapAlert(xml, 'cap', RECEIVED);
          if (r.ok) {
            expect(r.alert.identifier.length).toBeGreaterThan(0);
            expect(['red', 'orange', 'yellow', 'blue']).toContain(r.alert.severity);
            for (const area of r.alert.areas) for (const ring of area.polygons) expect(ring[0]).toEqual(ring.at(-1));
          } else expect(typeof r.reason).toBe('string');
        }
      }),
      { numRuns: 400 },
    );
  });
});
