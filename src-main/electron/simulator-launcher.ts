import { utilityProcess } from 'electron';
import type { SimulatorChild, SimulatorLauncher } from '../services/simulator-process';

/**
 * Starts the built-in simulator as an Electron utility process: a Node child Chromium's process
 * model manages (it ends with the app), reached through `postMessage` / `process.parentPort`.
 * Unlike forking the Electron binary with `ELECTRON_RUN_AS_NODE`, it needs no `runAsNode` fuse,
 * which packaging turns off (electron-builder.yml).
 */
export const utilityProcessLauncher: SimulatorLauncher = (entry, args): SimulatorChild => {
  const child = utilityProcess.fork(entry, args, { stdio: ['ignore', 'ignore', 'pipe'], serviceName: 'Loudi simulator' });
  let exited = false;
  child.once('exit', () => (exited = true));
  return {
    send: (m) => {
      if (!exited) child.postMessage(m);
    },
    onMessage: (l) => void child.on('message', l),
    onExit: (l) => void child.once('exit', l),
    stderr: child.stderr,
    // utilityProcess.kill() sends SIGTERM on POSIX; a SIGKILL goes by pid.
    kill: (signal = 'SIGTERM') => {
      if (signal === 'SIGKILL' && child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      else child.kill();
    },
    get exited() {
      return exited;
    },
  };
};
