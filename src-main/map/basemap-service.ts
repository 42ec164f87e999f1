import { open, type FileHandle } from 'node:fs/promises';
import { PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import type { BasemapBytes, MapSettings, PmtilesInfo } from '@shared/map/basemap';
import { OperationError } from '@shared/dispatch';

/** Tiles and styles are small; anything bigger is refused rather than buffered. */
const MAX_BYTES = 8 * 1024 * 1024;
const TIMEOUT_MS = 10_000;
const ANNOTATION: Record<string, string> = { vec: 'cva', img: 'cia', ter: 'cta' };

export interface BasemapServiceOptions {
  settings: () => MapSettings;
  /** Tianditu's tile host; `{s}` is one of its eight subdomains (tests point it at a local server). */
  tiandituUrl?: string;
  fetch?: typeof fetch;
}

/**
 * Fetches basemap tiles and style resources on behalf of the renderer, which itself reaches no
 * network (its CSP allows only the app). Only what the configured basemap names can be fetched:
 * the XYZ template, Tianditu's WMTS, the style's own origin, the local PMTiles file. Responses are
 * size-capped and time-limited; a Tianditu token never leaves the host.
 */
export class BasemapService {
  private pmtiles?: { path: string; archive: PMTiles; handle: Promise<FileHandle> };
  private readonly fetch: typeof fetch;

  constructor(private readonly o: BasemapServiceOptions) {
    this.fetch = o.fetch ?? fetch;
  }

  async tile(req: { layer: 'base' | 'label'; z: number; x: number; y: number }): Promise<BasemapBytes> {
    const b = this.o.settings().basemap;
    const { z, x, y } = req;
    if (x >= 2 ** z || y >= 2 ** z) throw new OperationError('BAD_REQUEST', 'tile outside its zoom level');
    switch (b.kind) {
      case 'xyz':
        if (req.layer !== 'base') return null;
        return this.get(b.url.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)));
      case 'tianditu': {
        if (!b.token) throw new OperationError('BAD_REQUEST', 'Tianditu needs a token');
        const layer = req.layer === 'base' ? b.layer : ANNOTATION[b.layer]!;
        const host = (this.o.tiandituUrl ?? 'https://t{s}.tianditu.gov.cn').replace('{s}', String((x + y) % 8));
        const params = new URLSearchParams({
          SERVICE: 'WMTS',
          REQUEST: 'GetTile',
          VERSION: '1.0.0',
          LAYER: layer,
          STYLE: 'default',
          TILEMATRIXSET: 'w',
          FORMAT: 'tiles',
          TILEMATRIX: String(z),
          TILEROW: String(y),
          TILECOL: String(x),
          tk: b.token,
        });
        return this.get(`${host}/${layer}_w/wmts?${params}`);
      }
      case 'pmtiles': {
        if (req.layer !== 'base') return null;
        const archive = this.archive(b.path);
        const [header, tile] = await Promise.all([archive.getHeader(), archive.getZxy(z, x, y)]);
        if (!tile) return null;
        return { contentType: contentTypeOf(header.tileType), base64: Buffer.from(tile.data).toString('base64') };
      }
      default:
        return null;
    }
  }

  /** A resource of the configured vector style (the style itself, TileJSON, tiles, sprites, glyphs): same origin only. */
  async resource(url: string): Promise<BasemapBytes> {
    const b = this.o.settings().basemap;
    if (b.kind !== 'style') throw new OperationError('FORBIDDEN', 'no vector style is configured');
    let target: URL;
    try {
      target = new URL(url, b.url);
    } catch {
      throw new OperationError('BAD_REQUEST', 'not a URL');
    }
    if (target.origin !== new URL(b.url).origin) throw new OperationError('FORBIDDEN', 'only the style’s own origin can be fetched');
    return this.get(target.href);
  }

  async pmtilesInfo(): Promise<PmtilesInfo> {
    const b = this.o.settings().basemap;
    if (b.kind !== 'pmtiles') return null;
    const archive = this.archive(b.path);
    try {
      const h = await archive.getHeader();
      const meta = (await archive.getMetadata().catch(() => ({}))) as { vector_layers?: { id?: unknown }[] };
      const vectorLayers = Array.isArray(meta.vector_layers)
        ? meta.vector_layers.flatMap((l) => (typeof l?.id === 'string' ? [l.id.slice(0, 100)] : [])).slice(0, 100)
        : [];
      return {
        tileType: tileTypeName(h.tileType),
        minZoom: h.minZoom,
        maxZoom: h.maxZoom,
        bounds: [h.minLon, h.minLat, h.maxLon, h.maxLat],
        vectorLayers,
      };
    } catch (err) {
      throw new OperationError('NOT_FOUND', `cannot read the PMTiles archive: ${(err as Error).message}`);
    }
  }

  async close(): Promise<void> {
    const p = this.pmtiles;
    this.pmtiles = undefined;
    if (p) await (await p.handle.catch(() => undefined))?.close();
  }

  private archive(path: string): PMTiles {
    if (this.pmtiles?.path !== path) {
      void this.close();
      const handle = open(path, 'r');
      handle.catch(() => {}); // reported by the first read
      this.pmtiles = { path, handle, archive: new PMTiles(new LocalFileSource(path, handle)) };
    }
    return this.pmtiles.archive;
  }

  private async get(url: string): Promise<BasemapBytes> {
    const res = await this.fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' }).catch((err: Error) => {
      throw new OperationError('UNAVAILABLE', `basemap fetch failed: ${err.message}`);
    });
    if (res.status === 404 || res.status === 204) return null;
    if (!res.ok) throw new OperationError('UNAVAILABLE', `basemap server answered ${res.status}`);
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > MAX_BYTES) throw new OperationError('UNAVAILABLE', 'basemap response too large');
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length > MAX_BYTES) throw new OperationError('UNAVAILABLE', 'basemap response too large');
    return { contentType: (res.headers.get('content-type') ?? 'application/octet-stream').slice(0, 200), base64: body.toString('base64') };
  }
}

/** PMTiles reads by byte range from a local file. */
class LocalFileSource implements Source {
  constructor(
    private readonly path: string,
    private readonly handle: Promise<FileHandle>,
  ) {}

  getKey(): string {
    return this.path;
  }

  async getBytes(offset: number, length: number): Promise<RangeResponse> {
    const fh = await this.handle;
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, offset);
    const data = buf.buffer.slice(buf.byteOffset, buf.byteOffset + bytesRead) as ArrayBuffer;
    return { data };
  }
}

function tileTypeName(t: TileType): NonNullable<PmtilesInfo>['tileType'] {
  switch (t) {
    case TileType.Mvt:
      return 'mvt';
    case TileType.Png:
      return 'png';
    case TileType.Jpeg:
      return 'jpeg';
    case TileType.Webp:
      return 'webp';
    case TileType.Avif:
      return 'avif';
    default:
      return 'unknown';
  }
}

function contentTypeOf(t: TileType): string {
  switch (t) {
    case TileType.Mvt:
      return 'application/x-protobuf';
    case TileType.Png:
      return 'image/png';
    case TileType.Jpeg:
      return 'image/jpeg';
    case TileType.Webp:
      return 'image/webp';
    case TileType.Avif:
      return 'image/avif';
    default:
      return 'application/octet-stream';
  }
}
