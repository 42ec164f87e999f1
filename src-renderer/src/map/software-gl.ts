/**
 * Whether WebGL here is drawn by the CPU (SwiftShader, llvmpipe: a machine or VM with no usable
 * GPU). There every map frame costs a few hundred milliseconds of a core, so the map draws as few
 * frames as it can: no multisampling, no label fades, camera moves as jumps rather than flights.
 * Asked once, from a throwaway context.
 */
let answer: boolean | undefined;

export function softwareGl(): boolean {
  if (answer !== undefined) return answer;
  answer = false;
  try {
    const gl = document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
    if (!gl) return answer;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    answer = /swiftshader|llvmpipe|softpipe|software/i.test(renderer);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  } catch {
    // No answer: draw as on a GPU.
  }
  return answer;
}
