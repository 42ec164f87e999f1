import { addProtocol, type LayerSpecification, type SourceSpecification } from 'maplibre-gl';
import type { Basemap, BasemapBytes, PmtilesInfo } from '@shared/map/basemap';

/**
 * Configured basemaps. The renderer reaches no network itself: tiles and style resources are asked
 * of the host through two map protocols, `cctile://` (XYZ, Tianditu, PMTiles tiles by z/x/y) and
 * `ccres://` (a vector style's own resources), and the host fetches only what the setting names.
 */

export interface BasemapHost {
  tile(req: { layer: 'base' | 'label'; z: number; x: number; y: number }): Promise<BasemapBytes>;
  resource(url: string): Promise<BasemapBytes>;
}

const decode = (b64: string): ArrayBuffer => {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out.buffer;
};

let registered = false;

export function registerBasemapProtocols(host: BasemapHost): void {
  if (registered) return;
  registered = true;
  addProtocol('cctile', async (params) => {
    const m = /^cctile:\/\/(base|label)\/(\d+)\/(\d+)\/(\d+)/.exec(params.url);
    if (!m) throw new Error('bad tile URL');
    const bytes = await host.tile({ layer: m[1] as 'base' | 'label', z: Number(m[2]), x: Number(m[3]), y: Number(m[4]) });
    if (!bytes) throw new Error('no tile');
    return { data: decode(bytes.base64) };
  });
  addProtocol('ccres', async (params) => {
    const url = decodeURIComponent(params.url.slice('ccres://'.length));
    const bytes = await host.resource(url);
    if (!bytes) throw new Error('not found');
    if (params.type === 'json') {
      const json = JSON.parse(new TextDecoder().decode(decode(bytes.base64))) as Record<string, unknown>;
      return { data: rewriteTileJson(json, url) };
    }
    return { data: decode(bytes.base64) };
  });
}

/** An absolute URL of a style resource as a `ccres://` URL (templates such as {z} survive). */
function viaHost(url: string, base: string): string {
  const abs = new URL(url.replace(/\{/g, '%7B').replace(/\}/g, '%7D'), base).href.replace(/%7B/g, '{').replace(/%7D/g, '}');
  return `ccres://${encodeURIComponent(abs).replace(/%7B/g, '{').replace(/%7D/g, '}')}`;
}

function rewriteTileJson(json: Record<string, unknown>, base: string): Record<string, unknown> {
  if (Array.isArray(json.tiles)) json.tiles = json.tiles.filter((t) => typeof t === 'string').map((t) => viaHost(t as string, base));
  return json;
}

export interface BasemapParts {
  sources: Record<string, SourceSpecification>;
  layers: LayerSpecification[];
  sprite?: string;
}

const raster = (id: string, layer: 'base' | 'label', maxzoom: number): { source: SourceSpecification; layer: LayerSpecification } => ({
  source: { type: 'raster', tiles: [`cctile://${layer}/{z}/{x}/{y}`], tileSize: 256, maxzoom },
  layer: { id, type: 'raster', source: id },
});

/** Sources and layers for a configured basemap; undefined for the bundled offline one. */
export async function basemapParts(b: Basemap, host: BasemapHost, pmtiles: () => Promise<PmtilesInfo>): Promise<BasemapParts | undefined> {
  switch (b.kind) {
    case 'offline':
      return undefined;
    case 'xyz': {
      const r = raster('basemap', 'base', b.maxZoom);
      return { sources: { basemap: r.source }, layers: [r.layer] };
    }
    case 'tianditu': {
      const base = raster('basemap', 'base', 18);
      const label = raster('basemap-label', 'label', 18);
      return { sources: { basemap: base.source, 'basemap-label': label.source }, layers: [base.layer, label.layer] };
    }
    case 'pmtiles': {
      const info = await pmtiles();
      if (!info) return undefined;
      if (info.tileType !== 'mvt') {
        const r = raster('basemap', 'base', info.maxZoom);
        return { sources: { basemap: { ...(r.source as object), minzoom: info.minZoom } as SourceSpecification }, layers: [r.layer] };
      }
      // A vector archive with no style of its own: every layer drawn plainly, fills under lines.
      const source: SourceSpecification = { type: 'vector', tiles: ['cctile://base/{z}/{x}/{y}'], minzoom: info.minZoom, maxzoom: info.maxZoom };
      const layers: LayerSpecification[] = info.vectorLayers.flatMap((l): LayerSpecification[] => [
        { id: `bm-${l}-fill`, type: 'fill', source: 'basemap', 'source-layer': l, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#16243a', 'fill-opacity': 0.8 } },
        { id: `bm-${l}-line`, type: 'line', source: 'basemap', 'source-layer': l, paint: { 'line-color': '#2f4a70', 'line-width': 0.8 } },
      ]);
      return { sources: { basemap: source }, layers };
    }
    case 'style': {
      const bytes = await host.resource(b.url);
      if (!bytes) throw new Error('the style could not be read');
      const style = JSON.parse(new TextDecoder().decode(decode(bytes.base64))) as {
        sources?: Record<string, Record<string, unknown>>;
        layers?: (LayerSpecification & { source?: string })[];
        sprite?: unknown;
      };
      const sources: Record<string, SourceSpecification> = {};
      for (const [id, s] of Object.entries(style.sources ?? {})) {
        const copy: Record<string, unknown> = { ...s };
        if (typeof copy.url === 'string') copy.url = viaHost(copy.url, b.url);
        if (Array.isArray(copy.tiles)) copy.tiles = copy.tiles.map((t) => viaHost(String(t), b.url));
        if (typeof copy.data === 'string') copy.data = viaHost(copy.data, b.url);
        sources[`bm-${id}`] = copy as unknown as SourceSpecification;
      }
      const layers = (style.layers ?? [])
        .filter((l) => l.type !== 'background')
        .map((l) => ({ ...l, id: `bm-${l.id}`, ...(l.source ? { source: `bm-${l.source}` } : {}) }) as LayerSpecification);
      return { sources, layers, sprite: typeof style.sprite === 'string' ? viaHost(style.sprite, b.url) : undefined };
    }
  }
}
