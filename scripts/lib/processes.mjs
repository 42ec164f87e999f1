/**
 * What the benchmarks ask of the processes they start: the URL a console host prints, and the
 * CPU time a group of processes used.
 */
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Resolves with the URL a console host prints (`Console: <url>`) on its standard output; rejects
 * when it exits first, with what it wrote to standard error (when that is piped).
 */
export function consoleUrl(child) {
  let err = '';
  child.stderr?.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^Console: (\S+)$/m.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`console host exited with ${code}\n${err}`)));
  });
}

const CLK_TCK = 100;

/** CPU seconds used so far by the processes whose command line contains `marker`, and all their descendants (from /proc). */
export function cpuSeconds(marker) {
  const procs = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      procs.set(pid, { ppid: fields[1], ticks: Number(fields[11]) + Number(fields[12]), root: cmd.includes(marker) });
    } catch {
      // the process ended meanwhile
    }
  }
  const counted = (pid, depth = 0) => {
    const p = procs.get(pid);
    if (!p || depth > 20) return false;
    return p.root || counted(p.ppid, depth + 1);
  };
  let ticks = 0;
  for (const [pid, p] of procs) if (counted(pid)) ticks += p.ticks;
  return ticks / CLK_TCK;
}
