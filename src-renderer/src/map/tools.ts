import type { Feature } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import { pathMetres } from '@shared/map/measure';
import { DRAW_SOURCE } from './overlays/measure';

export type MapTool = 'box' | 'polygon' | 'measure';

export interface MapToolCallbacks {
  /** A box or polygon was drawn: its closed ring, in display coordinates. */
  onArea: (ring: [number, number][]) => void;
  /** The measured path changed: its vertices (display coordinates) and total length in metres. */
  onMeasure: (path: [number, number][], metres: number) => void;
}

/**
 * Drawing tools on the map: drag a box, click a polygon (double-click or click the first vertex to
 * close), click a path to measure. Shapes go into the `draw` source the style declares.
 */
export class MapTools {
  private tool: MapTool | null = null;
  private vertices: [number, number][] = [];
  private boxStart?: [number, number];
  private cursor?: [number, number];
  private readonly handlers: { [K in 'mousedown' | 'mousemove' | 'mouseup' | 'click' | 'dblclick']: (e: MapMouseEvent) => void };

  constructor(
    private readonly map: MapLibreMap,
    private readonly cb: MapToolCallbacks,
  ) {
    this.handlers = {
      mousedown: (e) => this.down(e),
      mousemove: (e) => this.move(e),
      mouseup: (e) => this.up(e),
      click: (e) => this.click(e),
      dblclick: (e) => this.dblclick(e),
    };
    for (const [name, h] of Object.entries(this.handlers)) map.on(name as 'click', h);
  }

  get active(): MapTool | null {
    return this.tool;
  }

  /** Start a tool (or stop with null); the previous shape is cleared. */
  use(tool: MapTool | null): void {
    this.tool = tool;
    this.vertices = [];
    this.boxStart = undefined;
    this.cursor = undefined;
    const drawing = tool !== null;
    if (drawing) {
      this.map.dragPan.disable();
      this.map.doubleClickZoom.disable();
      this.map.boxZoom.disable();
    } else {
      this.map.dragPan.enable();
      this.map.doubleClickZoom.enable();
      this.map.boxZoom.enable();
    }
    this.map.getCanvas().style.cursor = drawing ? 'crosshair' : '';
    this.render();
  }

  /** Draw a finished shape (used when restoring a selection after a style change). */
  clear(): void {
    this.vertices = [];
    this.boxStart = undefined;
    this.render();
  }

  destroy(): void {
    for (const [name, h] of Object.entries(this.handlers)) this.map.off(name as 'click', h);
  }

  private lngLat(e: MapMouseEvent): [number, number] {
    return [e.lngLat.lng, e.lngLat.lat];
  }

  private down(e: MapMouseEvent): void {
    if (this.tool !== 'box') return;
    e.preventDefault();
    this.boxStart = this.lngLat(e);
    this.cursor = this.boxStart;
  }

  private move(e: MapMouseEvent): void {
    if (!this.tool) return;
    this.cursor = this.lngLat(e);
    if (this.tool === 'box' && !this.boxStart) return;
    this.render();
  }

  private up(e: MapMouseEvent): void {
    if (this.tool !== 'box' || !this.boxStart) return;
    const [x0, y0] = this.boxStart;
    const [x1, y1] = this.lngLat(e);
    this.boxStart = undefined;
    const ring: [number, number][] = [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ];
    this.vertices = ring;
    this.renderShape({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } });
    if (x0 !== x1 && y0 !== y1) this.cb.onArea(ring);
  }

  private click(e: MapMouseEvent): void {
    if (this.tool === 'polygon') {
      const p = this.lngLat(e);
      const first = this.vertices[0];
      if (first && this.vertices.length >= 3 && this.closeTo(first, p)) {
        this.finishPolygon();
        return;
      }
      this.vertices.push(p);
      this.render();
    } else if (this.tool === 'measure') {
      this.vertices.push(this.lngLat(e));
      this.render();
      this.cb.onMeasure([...this.vertices], pathMetres(this.vertices));
    }
  }

  private dblclick(e: MapMouseEvent): void {
    if (this.tool === 'polygon') {
      e.preventDefault();
      this.finishPolygon();
    }
  }

  private finishPolygon(): void {
    // A double-click also delivered two clicks: drop the duplicate vertices it added.
    const v = this.vertices.filter((p, i, a) => i === 0 || !this.closeTo(p, a[i - 1]!));
    if (v.length < 3) return;
    const ring = [...v, v[0]!];
    this.vertices = [];
    this.renderShape({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } });
    this.cb.onArea(ring);
  }

  private closeTo(a: [number, number], b: [number, number]): boolean {
    const pa = this.map.project(a);
    const pb = this.map.project(b);
    return Math.hypot(pa.x - pb.x, pa.y - pb.y) < 8;
  }

  private render(): void {
    const features: Feature[] = [];
    if (this.tool === 'box' && this.boxStart && this.cursor) {
      const [x0, y0] = this.boxStart;
      const [x1, y1] = this.cursor;
      features.push({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] } });
    } else if ((this.tool === 'polygon' || this.tool === 'measure') && this.vertices.length) {
      const path = this.tool === 'polygon' && this.cursor ? [...this.vertices, this.cursor] : this.vertices;
      for (const v of this.vertices) features.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: v } });
      if (path.length >= 2) features.push({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: path } });
    }
    this.map.getSource<GeoJSONSource>(DRAW_SOURCE)?.setData({ type: 'FeatureCollection', features });
  }

  private renderShape(f: Feature): void {
    this.map.getSource<GeoJSONSource>(DRAW_SOURCE)?.setData({ type: 'FeatureCollection', features: [f] });
  }
}
