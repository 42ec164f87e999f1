import type { FeedStatus } from '@shared/contract';
import { OperationError } from '@shared/dispatch';
import type { FeedConfig } from './feeds-config';
import type { FeedConnector } from './feed-connector';
import { createConnector } from './create-connector';
import type { FeedIngest } from './feed-ingest';

/** The endpoints the built-in simulator serves (see src-main/simulator). */
export interface SimulatorEndpoints {
  ws: string;
  sse: string;
  pages: string;
  open311: string;
  cap: string;
  vehicles: string;
  /** The MQTT broker it publishes water levels to, when one is configured. */
  mqtt?: string;
}

/** Source id of the built-in simulator's grid-governance feed. */
export const SIMULATOR_GRID_FEED = 'sim.grid';

/**
 * What the console connects to when it runs its own simulator: every protocol the simulator
 * speaks, each through the connector a real backend of that kind would use.
 */
export function simulatorFeeds(e: SimulatorEndpoints): FeedConfig[] {
  const feeds: FeedConfig[] = [
    { id: SIMULATOR_GRID_FEED, name: '综治网格化平台（模拟）', kind: 'websocket', url: e.ws },
    { id: 'sim.cm', name: '数字城管 Open311（模拟）', kind: 'open311', url: e.open311, datum: 'GCJ02', intervalMs: 3000 },
    { id: 'sim.cap', name: '气象水文预警 CAP（模拟）', kind: 'cap', url: e.cap, intervalMs: 5000 },
    { id: 'sim.vehicles', name: '环卫园林车辆 GPS（模拟）', kind: 'sse', url: e.vehicles, payload: 'vehicle-fix' },
  ];
  if (e.mqtt) feeds.push({ id: 'sim.water', name: '水位监测 MQTT（模拟）', kind: 'mqtt', url: e.mqtt, topics: ['loudi/water/+/level'] });
  return feeds;
}

/** The running connectors: started from configuration, reported on, reconnected on request. */
export class FeedHub {
  private readonly feeds: FeedConnector[] = [];

  constructor(
    private readonly ingest: FeedIngest,
    private readonly log: (line: string) => void = () => {},
  ) {}

  start(configs: readonly FeedConfig[]): void {
    const sink = this.ingest.sink();
    for (const c of configs) this.feeds.push(createConnector(c, sink, this.log));
    for (const f of this.feeds) f.start();
  }

  statuses(): FeedStatus[] {
    return this.feeds.map((f) => this.ingest.decorate(f.status()));
  }

  reconnect(id: string): { id: string } {
    const feed = this.feeds.find((f) => f.id === id);
    if (!feed) throw new OperationError('NOT_FOUND', `no feed ${id}`);
    this.log(`feed ${id}: reconnect requested`);
    feed.reconnect();
    return { id };
  }

  async stop(): Promise<void> {
    await Promise.all(this.feeds.map((f) => f.stop()));
  }
}
