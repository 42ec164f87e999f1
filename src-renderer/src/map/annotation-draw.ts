import type { Map as MaplibreMap } from 'maplibre-gl';
import { TerraDraw, TerraDrawCircleMode, TerraDrawLineStringMode, TerraDrawPointMode, TerraDrawPolygonMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { DisplayDatumTransform } from '@shared/map/datum';
import type { AnnotationGeometry, AnnotationKind, Position } from '@shared/consultation/doc';

/** The terra-draw mode each annotation kind is drawn with. */
const MODE: Record<AnnotationKind, string> = { point: 'point', text: 'point', line: 'linestring', arrow: 'linestring', polygon: 'polygon', circle: 'circle' };

/**
 * Drawing annotations on the situation map with terra-draw (its maplibre adapter): one shape at a
 * time in the chosen kind and colour; when a shape is finished it is handed over (in WGS-84) and
 * removed from terra-draw's own layers, since the shared document and the annotations overlay
 * are what everyone sees.
 */
export class AnnotationDraw {
  private readonly draw: TerraDraw;
  private kind: AnnotationKind | null = null;

  constructor(
    map: MaplibreMap,
    private readonly transform: () => DisplayDatumTransform,
    private readonly drawn: (kind: AnnotationKind, geometry: AnnotationGeometry) => void,
  ) {
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map }),
      modes: [new TerraDrawPointMode(), new TerraDrawLineStringMode(), new TerraDrawPolygonMode(), new TerraDrawCircleMode()],
    });
    this.draw.start();
    this.draw.on('finish', (id) => {
      const f = this.draw.getSnapshotFeature(id);
      this.draw.removeFeatures([id]);
      const kind = this.kind;
      if (!f || !kind) return;
      const geometry = this.toWgs84(f.geometry as AnnotationGeometry);
      if (geometry) this.drawn(kind, geometry);
    });
  }

  /** Draws `kind` from now on (null: stop drawing, the map pans again), in `color`. */
  use(kind: AnnotationKind | null, color: string): void {
    this.kind = kind;
    if (!kind) return void this.draw.setMode('static');
    const mode = MODE[kind];
    this.draw.setModeStyles(mode, mode === 'point' ? { pointColor: color as `#${string}`, pointWidth: 7 } : { lineStringColor: color as `#${string}`, fillColor: color as `#${string}`, outlineColor: color as `#${string}`, lineStringWidth: 4 } as never);
    this.draw.setMode(mode);
  }

  destroy(): void {
    try {
      this.draw.stop();
    } catch {
      // The map may be gone already.
    }
  }

  private toWgs84(g: AnnotationGeometry): AnnotationGeometry | undefined {
    const t = this.transform();
    const back = (p: Position): Position => {
      const [x, y] = t.toWgs84(p[0], p[1]);
      return [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7];
    };
    if (g.type === 'Point') return { type: 'Point', coordinates: back(g.coordinates) };
    if (g.type === 'LineString') return g.coordinates.length >= 2 ? { type: 'LineString', coordinates: g.coordinates.map(back) } : undefined;
    if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(back)) };
    return undefined;
  }
}
