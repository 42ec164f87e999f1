import { spawn, type ChildProcess } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { Aedes } from 'aedes';
import memoryPersistence from 'aedes-persistence';

/** Debian's mosquitto if installed (a regular file: `/dev/null` mounted over it does not count). */
const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto', '/usr/local/sbin/mosquitto'].find((p) => {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
});

/** Which broker the MQTT tests run against. */
export const BROKER_KIND: 'mosquitto' | 'aedes' = MOSQUITTO ? 'mosquitto' : 'aedes';

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * A real MQTT broker on loopback that keeps sessions and queued messages across a restart: Debian's
 * mosquitto with persistence when installed, otherwise aedes (an MQTT broker written in Node) whose
 * persistence outlives the stopped instance, so a machine without mosquitto runs the same tests.
 */
export class TestBroker {
  private child?: ChildProcess;
  private aedes?: { broker: Aedes; server: Server };
  private readonly persistence = memoryPersistence();

  constructor(
    readonly port: number,
    private readonly dir: string,
  ) {
    writeFileSync(
      join(dir, 'mosquitto.conf'),
      // `user`: run as whoever runs the tests (mosquitto would drop root to a user that cannot write here).
      [`listener ${port} 127.0.0.1`, `user ${userInfo().username}`, 'allow_anonymous true', 'persistence true', `persistence_location ${dir}/`, 'message_size_limit 1048576', 'max_queued_messages 100000'].join('\n'),
    );
  }

  async start(): Promise<void> {
    if (MOSQUITTO) {
      this.child = spawn(MOSQUITTO, ['-c', join(this.dir, 'mosquitto.conf')], { stdio: 'ignore' });
      await this.listening();
      return;
    }
    const broker = new Aedes({ persistence: this.persistence });
    await broker.listen();
    const server = createServer(broker.handle);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.aedes = { broker, server };
  }

  /** Stops the broker as a crash would for its clients: every connection drops. */
  async stop(): Promise<void> {
    const a = this.aedes;
    this.aedes = undefined;
    if (a) {
      const closed = new Promise<void>((r) => a.server.close(() => r()));
      await new Promise<void>((r) => a.broker.close(() => r()));
      await closed;
      return;
    }
    const c = this.child;
    this.child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
    });
  }

  private async listening(): Promise<void> {
    const end = Date.now() + 10_000;
    for (;;) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = connect(this.port, '127.0.0.1', () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      });
      if (ok) return;
      if (Date.now() > end) throw new Error('mosquitto did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
