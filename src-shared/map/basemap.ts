import { z } from 'zod';

/**
 * Basemap configuration. The bundled offline basemap is the default; the alternatives are fetched
 * by the host (never by the renderer directly), so a token stays on the host and the renderer's
 * content security policy stays closed to the network.
 */

/** The datum a basemap draws in. GCJ-02 basemaps (AMap, Tencent) need overlays shifted to match. */
export const DISPLAY_DATUMS = ['WGS84', 'GCJ02'] as const;
export const DisplayDatumSchema = z.enum(DISPLAY_DATUMS);
export type DisplayDatum = z.infer<typeof DisplayDatumSchema>;

const httpUrl = z
  .string()
  .max(2000)
  .refine((u) => {
    try {
      const p = new URL(u.replace(/\{[a-z]\}/g, '0'));
      return p.protocol === 'http:' || p.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

export const TIANDITU_LAYERS = ['vec', 'img', 'ter'] as const;

export const BasemapSchema = z.discriminatedUnion('kind', [
  /** Loudi's counties, Hunan and the world, shipped with the app. */
  z.object({ kind: z.literal('offline') }).strict(),
  /** A raster XYZ tile server, e.g. `http://tiles.example/{z}/{x}/{y}.png`. */
  z
    .object({
      kind: z.literal('xyz'),
      url: httpUrl.refine((u) => u.includes('{z}') && u.includes('{x}') && u.includes('{y}'), 'needs {z}, {x} and {y}'),
      datum: DisplayDatumSchema.default('WGS84'),
      maxZoom: z.number().int().min(1).max(22).default(18),
    })
    .strict(),
  /** Tianditu WMTS (CGCS2000, drawn as WGS-84): vector, imagery or terrain, with its annotation layer. */
  z
    .object({
      kind: z.literal('tianditu'),
      layer: z.enum(TIANDITU_LAYERS).default('vec'),
      /** The user's Tianditu key. Kept by the host; reads return it blanked. */
      token: z.string().max(100).default(''),
    })
    .strict(),
  /** A MapLibre/Mapbox vector style URL; its sources, sprites and glyphs come from the same origin. */
  z.object({ kind: z.literal('style'), url: httpUrl, datum: DisplayDatumSchema.default('WGS84') }).strict(),
  /** A local PMTiles archive (raster or vector) by absolute path on the host. */
  z.object({ kind: z.literal('pmtiles'), path: z.string().min(1).max(1000), datum: DisplayDatumSchema.default('WGS84') }).strict(),
]);
export type Basemap = z.output<typeof BasemapSchema>;
export type BasemapInput = z.input<typeof BasemapSchema>;

export const MapSettingsSchema = z.object({ basemap: BasemapSchema });
export type MapSettings = z.output<typeof MapSettingsSchema>;

/** What reads return: the settings with any token blanked, and whether one is stored. */
export const MapSettingsViewSchema = MapSettingsSchema.extend({ tokenSet: z.boolean() });
export type MapSettingsView = z.output<typeof MapSettingsViewSchema>;

export { DEFAULT_MAP_SETTINGS, displayDatum } from './basemap-defaults';

/** One tile or resource as the host returns it: bytes in base64 (both hosts speak JSON). */
export const BasemapBytesSchema = z.object({ contentType: z.string().max(200), base64: z.string() }).nullable();
export type BasemapBytes = z.infer<typeof BasemapBytesSchema>;

export const BasemapTileRequestSchema = z
  .object({
    /** `base` for the basemap itself; `label` for Tianditu's annotation layer. */
    layer: z.enum(['base', 'label']).default('base'),
    z: z.number().int().min(0).max(24),
    x: z.number().int().min(0),
    y: z.number().int().min(0),
  })
  .strict();

/** Header facts of the configured PMTiles archive (so the renderer can style it). */
export const PmtilesInfoSchema = z
  .object({
    tileType: z.enum(['mvt', 'png', 'jpeg', 'webp', 'avif', 'unknown']),
    minZoom: z.number().int(),
    maxZoom: z.number().int(),
    bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
    vectorLayers: z.array(z.string()),
  })
  .nullable();
export type PmtilesInfo = z.infer<typeof PmtilesInfoSchema>;
