import { Marker, type Map as MapLibreMap } from 'maplibre-gl';
import { LOUDI_GRIDS } from '@shared/geo/grids';

/**
 * Place names as DOM text rather than map glyphs: the offline basemap ships no glyph files, and
 * text nodes can never be HTML-injected. Grid numbers appear only when zoomed in.
 */
export class MapLabels {
  private readonly markers: Marker[] = [];
  private readonly gridMarkers: Marker[] = [];

  constructor(private readonly map: MapLibreMap) {}

  addCounties(features: { name: string; center: [number, number] }[]): void {
    for (const f of features) {
      this.markers.push(new Marker({ element: label(f.name, 'map-label map-label--county') }).setLngLat(f.center).addTo(this.map));
    }
  }

  addGrids(gridLabel: (index: number) => string): void {
    for (const g of LOUDI_GRIDS) {
      const m = new Marker({ element: label(gridLabel(g.index), 'map-label map-label--grid') }).setLngLat(g.center).addTo(this.map);
      this.gridMarkers.push(m);
    }
    const update = (): void => {
      const visible = this.map.getZoom() >= 12;
      for (const m of this.gridMarkers) m.getElement().style.visibility = visible ? 'visible' : 'hidden';
    };
    this.map.on('zoomend', update);
    update();
  }

  /** Re-text the grid labels (language switch). */
  relabelGrids(gridLabel: (index: number) => string): void {
    this.gridMarkers.forEach((m, i) => {
      m.getElement().textContent = gridLabel(i + 1);
    });
  }

  remove(): void {
    for (const m of [...this.markers, ...this.gridMarkers]) m.remove();
  }
}

function label(text: string, className: string): HTMLElement {
  const el = document.createElement('div');
  el.className = className;
  el.textContent = text;
  return el;
}
