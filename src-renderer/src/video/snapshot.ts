/**
 * A still of what a tile shows, as base64 JPEG. Works for MSE-fed videos (same-origin blob) and for
 * media loaded in CORS mode; a tainted canvas throws, and the caller says so.
 */
export async function captureFrame(el: HTMLVideoElement | HTMLImageElement): Promise<{ mime: 'image/jpeg'; base64: string }> {
  const w = el instanceof HTMLVideoElement ? el.videoWidth : el.naturalWidth;
  const h = el instanceof HTMLVideoElement ? el.videoHeight : el.naturalHeight;
  if (!w || !h) throw new Error('no frame yet');
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d')!.drawImage(el, 0, 0, w, h);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  if (!blob) throw new Error('could not encode the frame');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { mime: 'image/jpeg', base64: btoa(binary) };
}
