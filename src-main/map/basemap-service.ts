import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { isAbsolute, sep } from 'node:path';
import { PMTiles, TileType, type RangeResponse, type Source } from 'pmtiles';
import type { Basemap, BasemapBytes, MapSettings, PmtilesInfo } from '@shared/map/basemap';
import { OperationError } from '@shared/dispatch';
import type { BasemapSources } from '../store/map-settings-store';
import { GuardError, guardedGet } from './guarded-get';

/** Tiles and styles are small; anything bigger is refused rather than buffered. */
const MAX_BYTES = 8 * 1024 * 1024;
const TIMEOUT_MS = 10_000;
const ANNOTATION: Record<string, string> = { vec: 'cva', img: 'cia', ter: 'cta' };

export interface BasemapServiceOptions {
  settings: () => MapSettings;
  /** The operator's basemap sources (origins, PMTiles folders). */
  sources?: () => BasemapSources;
  /** The data directory: a PMTiles archive may always live under it. */
  dataDir?: string;
  /** Tianditu's tile host; `{s}` is one of its eight subdomains (tests point it at a local server, which is then trusted like an operator's origin). */
  tiandituUrl?: string;
  /** The Tianditu key from the stored setting's token (which may be a marker for the secret store). */
  tiandituToken?: (stored: string) => Promise<string>;
}

const TIANDITU_URL = 'https://t{s}.tianditu.gov.cn';
/** One answer for every PMTiles problem, so a session cannot learn whether some file exists. */
const PMTILES_UNAVAILABLE = 'the PMTiles archive is not available (a file under the data directory or a folder the operator configured)';

/** `scheme://host[:port]` of a basemap URL or tile template, or undefined when it is not one. */
export function basemapOrigin(url: string): string | undefined {
  try {
    const u = new URL(url.replace(/\{[a-z]\}/g, '0'));
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fetches basemap tiles and style resources on behalf of the renderer, which itself reaches no
 * network (its CSP allows only the app). Only what the configured basemap names can be fetched:
 * the XYZ template, Tianditu's WMTS, the style's own origin, the local PMTiles file. Responses are
 * size-capped and time-limited; a Tianditu token never leaves the host.
 */
export class BasemapService {
  private pmtiles?: { path: string; archive: PMTiles; handle: Promise<FileHandle> };

  constructor(private readonly o: BasemapServiceOptions) {}

  private sources(): BasemapSources {
    return this.o.sources?.() ?? { origins: [], folders: [] };
  }

  /**
   * What a session may choose: the offline basemap, Tianditu, or an XYZ template, style or
   * PMTiles archive from the sources the operator configured. Throws FORBIDDEN otherwise.
   */
  async assertChoosable(b: Basemap): Promise<void> {
    if (b.kind === 'xyz' || b.kind === 'style') {
      const origin = basemapOrigin(b.url);
      if (!origin || !this.sources().origins.includes(origin)) {
        throw new OperationError('FORBIDDEN', `${origin ?? 'this URL'} is not a basemap origin the operator configured (npm run cli -- basemap --allow-origin ORIGIN)`);
      }
    } else if (b.kind === 'pmtiles') {
      await this.pmtilesPath(b.path);
    }
  }

  /** The archive's real path when it is a regular file under the data directory or a configured folder; one vague error otherwise. */
  private async pmtilesPath(path: string): Promise<string> {
    try {
      if (!isAbsolute(path)) throw new Error('relative');
      const real = await realpath(path);
      const roots = [this.o.dataDir, ...this.sources().folders].filter((r): r is string => !!r);
      let inside = false;
      for (const root of roots) {
        const r = await realpath(root).catch(() => undefined);
        if (r && (real === r || real.startsWith(r.endsWith(sep) ? r : r + sep))) inside = true;
      }
      if (!inside || !(await stat(real)).isFile()) throw new Error('outside');
      return real;
    } catch {
      throw new OperationError('FORBIDDEN', PMTILES_UNAVAILABLE);
    }
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
        const token = this.o.tiandituToken ? await this.o.tiandituToken(b.token) : b.token;
        if (!token) throw new OperationError('BAD_REQUEST', 'Tianditu needs a token');
        const layer = req.layer === 'base' ? b.layer : ANNOTATION[b.layer]!;
        const host = (this.o.tiandituUrl ?? TIANDITU_URL).replace('{s}', String((x + y) % 8));
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
          tk: token,
        });
        return this.get(`${host}/${layer}_w/wmts?${params}`);
      }
      case 'pmtiles': {
        if (req.layer !== 'base') return null;
        const archive = this.archive(await this.pmtilesPath(b.path));
        const [header, tile] = await Promise.all([archive.getHeader(), archive.getZxy(z, x, y)]).catch(() => {
          throw new OperationError('FORBIDDEN', PMTILES_UNAVAILABLE);
        });
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
    const archive = this.archive(await this.pmtilesPath(b.path));
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
    } catch {
      throw new OperationError('FORBIDDEN', PMTILES_UNAVAILABLE);
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

  /**
   * Fetches from an origin the operator configured (or Tianditu's own hosts for a Tianditu
   * basemap) and nowhere else; an internal address (loopback, link-local, private) only when the
   * operator named that exact origin.
   */
  private async get(url: string): Promise<BasemapBytes> {
    const target = new URL(url);
    const operator = this.sources().origins;
    const tiandituOrigins =
      this.o.settings().basemap.kind === 'tianditu'
        ? Array.from({ length: 8 }, (_, n) => new URL((this.o.tiandituUrl ?? TIANDITU_URL).replace('{s}', String(n))).origin)
        : [];
    // A tiandituUrl given in code (tests) is trusted like an operator's origin.
    const configured = operator.includes(target.origin) || (this.o.tiandituUrl !== undefined && tiandituOrigins.includes(target.origin));
    if (!configured && !tiandituOrigins.includes(target.origin)) throw new OperationError('FORBIDDEN', 'only the configured basemap origins are fetched');
    let res: { status: number; contentType: string; body: Buffer };
    try {
      res = await guardedGet(target, { allowInternal: configured, timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES });
    } catch (err) {
      if (err instanceof GuardError && err.message.startsWith('refused')) throw new OperationError('FORBIDDEN', `basemap fetch ${err.message}`);
      throw new OperationError('UNAVAILABLE', err instanceof GuardError && err.message === 'response too large' ? 'basemap response too large' : 'basemap fetch failed');
    }
    if (res.status === 404 || res.status === 204) return null;
    if (res.status < 200 || res.status >= 300) throw new OperationError('UNAVAILABLE', `basemap server answered ${res.status}`);
    return { contentType: res.contentType.slice(0, 200), base64: res.body.toString('base64') };
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
