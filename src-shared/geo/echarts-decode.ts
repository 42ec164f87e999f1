/**
 * Decoder for ECharts' compressed map geometry (the `UTF8Encoding` format of the China map
 * packages): each ring is a string of character pairs, zig-zag and delta encoded, quantized by
 * 1/1024 degree, starting from an `encodeOffsets` pair.
 */
export type LonLat = [number, number];

export function decodeRing(encoded: string, offsets: readonly [number, number], scale = 1024): LonLat[] {
  const ring: LonLat[] = [];
  let prevX = offsets[0];
  let prevY = offsets[1];
  for (let i = 0; i + 1 < encoded.length; i += 2) {
    let x = encoded.charCodeAt(i) - 64;
    let y = encoded.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prevX;
    y += prevY;
    prevX = x;
    prevY = y;
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

interface EncodedFeature {
  type: 'Feature';
  id?: string;
  properties: Record<string, unknown>;
  geometry:
    | { type: 'Polygon'; coordinates: string[]; encodeOffsets: [number, number][] }
    | { type: 'MultiPolygon'; coordinates: string[][]; encodeOffsets: [number, number][][] };
}

export interface EncodedCollection {
  type: 'FeatureCollection';
  UTF8Encoding?: boolean;
  features: EncodedFeature[];
}

export interface DecodedFeature {
  type: 'Feature';
  id?: string;
  properties: Record<string, unknown>;
  geometry: { type: 'Polygon'; coordinates: LonLat[][] } | { type: 'MultiPolygon'; coordinates: LonLat[][][] };
}

const closeRing = (ring: LonLat[]): LonLat[] => {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return first && last && (first[0] !== last[0] || first[1] !== last[1]) ? [...ring, first] : ring;
};

/** Decodes a whole collection into plain GeoJSON (rings closed, as GeoJSON requires). */
export function decodeCollection(c: EncodedCollection): { type: 'FeatureCollection'; features: DecodedFeature[] } {
  const features = c.features.map((f): DecodedFeature => {
    const g = f.geometry;
    const geometry: DecodedFeature['geometry'] =
      g.type === 'Polygon'
        ? { type: 'Polygon', coordinates: g.coordinates.map((r, i) => closeRing(decodeRing(r, g.encodeOffsets[i]!))) }
        : {
            type: 'MultiPolygon',
            coordinates: g.coordinates.map((poly, i) =>
              poly.map((r, j) => closeRing(decodeRing(r, g.encodeOffsets[i]![j]!))),
            ),
          };
    return { type: 'Feature', ...(f.id ? { id: f.id } : {}), properties: f.properties, geometry };
  });
  return { type: 'FeatureCollection', features };
}
