/**
 * The Janus media server the conference tests and benchmark start on loopback: Debian's `janus`
 * (VideoRoom plugin, WebSocket transport), found on the machine or, as for the other system parts,
 * installed with apt when we are root with apt; otherwise one line naming the command.
 * The configuration is generated into a temporary folder, so nothing in /etc is read or changed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BINARIES = ['/usr/bin/janus', '/usr/local/bin/janus', '/opt/janus/bin/janus'];
const LIB_DIRS = ['/usr/lib/x86_64-linux-gnu/janus', '/usr/lib/aarch64-linux-gnu/janus', '/usr/lib/janus', '/usr/local/lib/janus', '/opt/janus/lib/janus'];

function isFile(path) {
  try {
    const s = statSync(path);
    return s.isFile() && s.size > 0;
  } catch {
    return false;
  }
}

/** The janus binary and its plugin folders, installing Debian's package when possible. */
export function findJanus(env = process.env) {
  const locate = () => {
    const bin = env.JANUS_PATH ?? BINARIES.find(isFile);
    const lib = LIB_DIRS.find((d) => existsSync(join(d, 'plugins/libjanus_videoroom.so')));
    return bin && lib ? { bin, lib } : undefined;
  };
  let found = locate();
  if (found) return found;
  const command = 'apt-get install -y --no-install-recommends janus';
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canInstall) throw new Error(`The conference tests need the Janus media server: run \`${command}\` as root`);
  process.stderr.write(`Janus is missing: ${command}\n`);
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', command.split(' ').slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  found = locate();
  if (!found) throw new Error(`Janus is still missing after ${command}`);
  return found;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, child, deadline) {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`janus exited with ${child.exitCode}`);
    const open = await new Promise((resolve) => {
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve(true);
      });
      sock.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error('janus did not open its WebSocket port in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The three configuration files for a loopback Janus with only VideoRoom and WebSockets. */
export function janusConfig({ lib, dir, port, adminKey, rtpPorts = '40000-40999' }) {
  const plugins = ['audiobridge', 'duktape', 'echotest', 'lua', 'nosip', 'recordplay', 'sip', 'streaming', 'textroom', 'videocall', 'voicemail'];
  const transports = ['http', 'mqtt', 'nanomsg', 'pfunix', 'rabbitmq'];
  return {
    'janus.jcfg': `general: {
  configs_folder = "${dir}"
  plugins_folder = "${lib}/plugins"
  transports_folder = "${lib}/transports"
  events_folder = "${lib}/events"
  loggers_folder = "${lib}/loggers"
  debug_level = 3
  protected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/sbin", "/sys", "/usr", "/var"]
}
media: {
  rtp_port_range = "${rtpPorts}"
}
nat: {
  nice_debug = false
  # Loopback only: the test's browsers and Janus share this machine.
  ice_enforce_list = "lo"
  ignore_mdns = true
}
plugins: {
  disable = "${plugins.map((p) => `libjanus_${p}.so`).join(',')}"
}
transports: {
  disable = "${transports.map((t) => `libjanus_${t}.so`).join(',')}"
}
events: {
  broadcast = false
}
loggers: {
  disable = "libjanus_jsonlog.so"
}
`,
    'janus.plugin.videoroom.jcfg': `general: {
  admin_key = "${adminKey}"
  lock_rtp_forward = true
}
`,
    'janus.transport.websockets.jcfg': `general: {
  json = "compact"
  ws = true
  ws_port = ${port}
  ws_ip = "127.0.0.1"
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
`,
  };
}

/**
 * Starts Janus on loopback with a generated configuration in a temporary folder.
 * @returns {Promise<{ url: string, adminKey: string, recordDir: string, stop: () => Promise<void> }>}
 */
export async function startJanus({ adminKey = `test-${process.pid}-${Date.now()}`, log } = {}) {
  const { bin, lib } = findJanus();
  const dir = mkdtempSync(join(tmpdir(), 'cc-janus-'));
  const recordDir = join(dir, 'recordings');
  mkdirSync(recordDir);
  const port = await freePort();
  const base = 40000 + Math.floor(Math.random() * 200) * 100;
  for (const [name, text] of Object.entries(janusConfig({ lib, dir, port, adminKey, rtpPorts: `${base}-${base + 99}` }))) writeFileSync(join(dir, name), text);
  const child = spawn(bin, ['-C', join(dir, 'janus.jcfg'), '-F', dir, '-o'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d) => {
    output = (output + d.toString()).slice(-20000);
    log?.(d.toString());
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  try {
    await waitForPort(port, child, Date.now() + 20_000);
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${err.message}\n${output}`);
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise((resolve) => {
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        child.kill('SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `ws://127.0.0.1:${port}`, adminKey, recordDir, output: () => output, stop };
}
