import mqtt, { type MqttClient } from 'mqtt';
import { chinaTime } from '@shared/domain/china-time';
import { mulberry32, type Random } from '@shared/prng';

/**
 * Water-level stations (水位站) on the Lianshui and its tributaries and at two low city streets,
 * publishing readings over MQTT (`loudi/water/<stationId>/level`, QoS 1, retained). Levels follow
 * a slow swell with noise; now and then a swell rises past the warning level, rarely past danger.
 */
interface Station {
  stationId: string;
  name: string;
  kind: 'river' | 'urban';
  lon: number;
  lat: number;
  base: number;
  warnM: number;
  dangerM: number;
  phase: number;
}

export const STATIONS: readonly Omit<Station, 'phase'>[] = [
  { stationId: 'LS-LD', name: '涟水娄底站', kind: 'river', lon: 112.0021, lat: 27.7246, base: 38.6, warnM: 40.5, dangerM: 42.0 },
  { stationId: 'LS-LY', name: '涟水涟源站', kind: 'river', lon: 111.6703, lat: 27.6928, base: 110.2, warnM: 112.0, dangerM: 113.5 },
  { stationId: 'SS-SF', name: '孙水双峰站', kind: 'river', lon: 112.1982, lat: 27.4567, base: 62.1, warnM: 64.0, dangerM: 65.2 },
  { stationId: 'ZS-XH', name: '资水新化站', kind: 'river', lon: 111.3274, lat: 27.7268, base: 171.4, warnM: 174.0, dangerM: 176.0 },
  { stationId: 'UD-LP', name: '乐坪大道下穿通道', kind: 'urban', lon: 111.9935, lat: 27.7358, base: 0.02, warnM: 0.25, dangerM: 0.5 },
  { stationId: 'UD-CQ', name: '长青街低洼路段', kind: 'urban', lon: 112.0112, lat: 27.7262, base: 0.01, warnM: 0.2, dangerM: 0.4 },
];

export const WATER_TOPIC = (stationId: string): string => `loudi/water/${stationId}/level`;

export class WaterLevels {
  private readonly rnd: Random;
  private readonly stations: Station[];

  constructor(seed: number) {
    this.rnd = mulberry32(seed ^ 0x1b873593);
    this.stations = STATIONS.map((s) => ({ ...s, phase: this.rnd() * Math.PI * 2 }));
  }

  /** One reading per station at `at`. */
  readings(at: number): { topic: string; payload: Record<string, unknown> }[] {
    return this.stations.map((s) => {
      const span = s.dangerM - s.base;
      // A swell over a few hours; its crest reaches the warning level on some days.
      const swell = (Math.sin(at / 5_400_000 + s.phase) + 1) / 2;
      const level = s.base + span * (0.6 * swell ** 3 + 0.5 * Math.max(0, Math.sin(at / 1_800_000 + s.phase * 3)) ** 8) + (this.rnd() - 0.5) * span * 0.02;
      return {
        topic: WATER_TOPIC(s.stationId),
        payload: {
          stationId: s.stationId,
          name: s.name,
          kind: s.kind,
          lon: s.lon,
          lat: s.lat,
          levelM: Math.round(Math.max(0, level) * 100) / 100,
          warnM: s.warnM,
          dangerM: s.dangerM,
          at: chinaTime(at),
        },
      };
    });
  }
}

/** Publishes readings to a broker; queues while the broker is away (QoS 1) and reconnects. */
export class WaterLevelPublisher {
  private client?: MqttClient;

  constructor(
    private readonly url: string,
    private readonly log: (line: string) => void = () => {},
  ) {}

  start(): void {
    this.client = mqtt.connect(this.url, { clientId: `loudi-sim-water-${process.pid}`, reconnectPeriod: 2000, connectTimeout: 5000 });
    this.client.on('error', (err) => this.log(`mqtt: ${err.message}`));
  }

  publish(readings: { topic: string; payload: Record<string, unknown> }[]): void {
    for (const r of readings) this.client?.publish(r.topic, JSON.stringify(r.payload), { qos: 1, retain: true });
  }

  async stop(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    if (c) await new Promise<void>((resolve) => c.end(false, {}, () => resolve()));
  }
}
