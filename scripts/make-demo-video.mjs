/**
 * Makes the demo camera clips under resources/video/ from ffmpeg's synthetic sources (testsrc2,
 * sine): no downloads, a few seconds of work. The demo media server loops them as live streams.
 *
 *   node scripts/make-demo-video.mjs        (needs ffmpeg on PATH)
 *
 * Per clip: main (640×360) and sub (320×180) H.264 Baseline + AAC, each as 2-second HLS TS
 * segments (.m2ts, so no TypeScript tool takes them for source) and as one FLV file, the sub
 * stream also as an MP4 file, plus JPEG frames for MJPEG and snapshots. Every keyframe starts a
 * segment (GOP = 2 s) so the server can loop and window them freely.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', 'resources', 'video');
const SECONDS = 6;
const FPS = 25;
/** Hue shifts give the clips different colours, so neighbouring tiles are told apart at a glance. */
const CLIPS = [
  { id: 'a', hue: 0, tone: 440 },
  { id: 'b', hue: 140, tone: 660 },
];
const VARIANTS = [
  { id: 'main', size: '640x360', bitrate: '280k' },
  { id: 'sub', size: '320x180', bitrate: '90k' },
];

function ffmpeg(args) {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'inherit' });
}

rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });
for (const clip of CLIPS) {
  for (const v of VARIANTS) {
    const input = [
      '-f', 'lavfi', '-i', `testsrc2=size=${v.size}:rate=${FPS}:duration=${SECONDS},hue=h=${clip.hue}`,
      '-f', 'lavfi', '-i', `sine=frequency=${clip.tone}:sample_rate=44100:duration=${SECONDS}`,
    ];
    const codec = [
      '-c:v', 'libx264', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-preset', 'veryfast',
      '-b:v', v.bitrate, '-maxrate', v.bitrate, '-bufsize', v.bitrate,
      '-g', String(FPS * 2), '-keyint_min', String(FPS * 2), '-sc_threshold', '0',
      '-c:a', 'aac', '-b:a', '24k', '-ac', '1',
    ];
    const dir = join(root, `${clip.id}-${v.id}`);
    mkdirSync(dir, { recursive: true });
    ffmpeg([...input, ...codec, '-f', 'hls', '-hls_time', '2', '-hls_list_size', '0', '-hls_segment_filename', join(dir, 'seg%d.m2ts'), join(dir, 'index.m3u8')]);
    // The server writes its own live playlists; only the segments are kept.
    rmSync(join(dir, 'index.m3u8'));
    ffmpeg([...input, ...codec, '-f', 'flv', join(root, `${clip.id}-${v.id}.flv`)]);
    // A plain progressive MP4 of the sub stream, for cameras (or recorders) that only offer files.
    if (v.id === 'sub') ffmpeg([...input, ...codec, '-movflags', '+faststart', join(root, `${clip.id}-sub.mp4`)]);
  }
  const frames = join(root, `${clip.id}-jpeg`);
  mkdirSync(frames, { recursive: true });
  ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=size=480x270:rate=4:duration=${SECONDS},hue=h=${clip.hue}`,
    '-q:v', '7', join(frames, 'f%02d.jpg'),
  ]);
}

let bytes = 0;
const walk = (d) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    const s = statSync(p);
    if (s.isDirectory()) walk(p);
    else bytes += s.size;
  }
};
walk(root);
console.log(`demo clips in resources/video: ${(bytes / 1024).toFixed(0)} KiB`);
