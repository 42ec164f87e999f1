/**
 * Drag-and-drop types between the camera tree (or any other source, such as a camera on a map)
 * and the video tiles. A source sets CAMERA_MIME to the camera id; a tile being moved also sets
 * TILE_MIME to its index, which makes a drop onto another tile a swap.
 */
export const CAMERA_MIME = 'application/x-cc-camera';
export const TILE_MIME = 'application/x-cc-tile';
