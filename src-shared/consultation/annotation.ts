/**
 * A consultation's drawings on the map: their kinds, colours and geometry, without the shared
 * document (./doc.ts) that holds them, so a view can list or draw them without loading Yjs.
 */
export const ANNOTATION_KINDS = ['point', 'line', 'polygon', 'circle', 'arrow', 'text'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];
/** The few colours one may draw in: legible on the dark map across a room. */
export const ANNOTATION_COLORS = ['#ff4d4f', '#ffa940', '#fadb14', '#73d13d', '#40a9ff', '#ffffff'] as const;

export type Position = [number, number];
export type AnnotationGeometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'Polygon'; coordinates: Position[][] };

export interface Annotation {
  id: string;
  kind: AnnotationKind;
  geometry: AnnotationGeometry;
  color: string;
  /** The label of a text annotation (or a caption of another kind). */
  text: string | null;
  /** Participant name. */
  author: string;
  /** epoch ms */
  at: number;
}

/**
 * The two strokes of an arrow's head at the last vertex of a line, `size` degrees long, 28° off
 * the line (in a local metric frame, so the head looks the same at any latitude).
 */
export function arrowHead(line: Position[], size: number): Position[] | undefined {
  if (line.length < 2) return undefined;
  const [x1, y1] = line[line.length - 2]!;
  const [x2, y2] = line[line.length - 1]!;
  const k = Math.cos((y2 * Math.PI) / 180) || 1;
  const angle = Math.atan2(y2 - y1, (x2 - x1) * k);
  const wing = (turn: number): Position => {
    const a = angle + Math.PI + turn;
    return [x2 + (Math.cos(a) * size) / k, y2 + Math.sin(a) * size];
  };
  return [wing(0.49), [x2, y2], wing(-0.49)];
}

