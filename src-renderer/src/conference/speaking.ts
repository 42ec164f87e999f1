/**
 * Whether the local microphone carries speech: the level of a WebAudio analyser, checked a few
 * times a second (Janus's own talking events mark the others).
 */
export function speakingMeter(stream: MediaStream, changed: (speaking: boolean) => void, threshold = 0.02): { stop: () => void } {
  if (stream.getAudioTracks().length === 0 || typeof AudioContext === 'undefined') return { stop: () => {} };
  const ctx = new AudioContext();
  const source = ctx.createMediaStreamSource(stream);
  const analyser = ctx.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const buf = new Float32Array(analyser.fftSize);
  let speaking = false;
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(buf);
    let sum = 0;
    for (const v of buf) sum += v * v;
    const on = Math.sqrt(sum / buf.length) > threshold;
    if (on !== speaking) {
      speaking = on;
      changed(on);
    }
  }, 250);
  return {
    stop: () => {
      clearInterval(timer);
      source.disconnect();
      void ctx.close();
    },
  };
}
