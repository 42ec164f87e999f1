import mqtt, { type MqttClient } from 'mqtt';
import { redactUrl } from '@shared/redact';
import { ConnectorBase } from './connector-base';
import type { FeedSink } from './feed-connector';
import { applyWaterLevel, type StationStates } from './water-level';
import type { IncomingIncident } from '../store/incident-store';

export interface MqttFeedOptions {
  id: string;
  name: string;
  /** mqtt://, mqtts://, ws:// or wss:// broker URL (credentials may be in it; never shown). */
  url: string;
  /** Topic filters, e.g. `loudi/water/+/level`. */
  topics: string[];
  sink: FeedSink;
  /** Largest message accepted, bytes. */
  maxMessageBytes?: number;
  flushMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

/**
 * Sensor topics over MQTT (water levels). Subscribes at QoS 1 with a persistent session (a
 * fixed client id, `clean: false`), so the broker keeps what arrives while the console is away;
 * readings are de-duplicated per station by time, and the station states travel in the cursor.
 */
export class MqttFeed extends ConnectorBase {
  private client?: MqttClient;
  private states: StationStates = {};
  private buffer: IncomingIncident[] = [];
  private flushTimer?: NodeJS.Timeout;
  private dirty = false;

  constructor(private readonly o: MqttFeedOptions) {
    super(o, 'mqtt', redactUrl(o.url));
  }

  protected open(): void {
    try {
      const c = JSON.parse(this.o.sink.cursor(this.id) ?? '{}') as StationStates;
      this.states = c && typeof c === 'object' ? c : {};
    } catch {
      this.states = {};
    }
    const client = mqtt.connect(this.o.url, {
      clientId: `loudi-cc-${this.id}`.slice(0, 64),
      clean: false,
      reconnectPeriod: 0, // our own backoff, with jitter
      connectTimeout: 10_000,
      protocolVersion: 4,
    });
    this.client = client;
    client.on('connect', (ack) => {
      if (this.client !== client) return;
      // A session the broker kept already holds the subscriptions; subscribing again is harmless.
      if (ack.sessionPresent) this.connected();
      client.subscribe(this.o.topics, { qos: 1 }, (err) => {
        if (this.client !== client) return;
        if (err) {
          this.st.lastError = `subscribe: ${err.message}`;
          client.end(true);
          return;
        }
        this.connected();
      });
    });
    client.on('message', (topic, payload) => {
      if (this.client === client) this.onMessage(topic, payload);
    });
    client.on('error', (err) => {
      this.st.lastError = err.message;
    });
    client.on('close', () => {
      if (this.client !== client) return;
      this.flush();
      this.client = undefined;
      client.end(true);
      this.connectionLost();
    });
  }

  protected async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.flush();
    if (client) await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
  }

  private onMessage(topic: string, payload: Buffer): void {
    const max = this.o.maxMessageBytes ?? 64 * 1024;
    if (payload.length > max) return this.refuse(`message larger than ${max} bytes on ${topic.slice(0, 200)}`, payload.subarray(0, 4096), payload.length);
    let data: unknown;
    try {
      data = JSON.parse(payload.toString('utf8'));
    } catch {
      return this.refuse(`not JSON on ${topic.slice(0, 200)}`, payload, payload.length);
    }
    const r = applyWaterLevel(this.id, data, this.states, this.now());
    if (r.kind === 'invalid') return this.refuse(r.reason, data, payload.length);
    this.st.received += 1;
    if (r.kind === 'duplicate') {
      this.st.duplicates += 1;
      return;
    }
    this.arrived(r.at);
    this.st.accepted += 1;
    this.dirty = true;
    if (r.incident) this.buffer.push(r.incident);
    if (this.buffer.length >= 1000) this.flush();
    else if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), this.o.flushMs ?? 200);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.dirty) return;
    const batch = this.buffer;
    this.buffer = [];
    this.dirty = false;
    try {
      this.o.sink.accept(batch, { feedId: this.id, value: JSON.stringify(this.states) });
    } catch (err) {
      this.st.lastError = `store: ${(err as Error).message}`;
      this.base.log?.(`feed ${this.id}: ${this.st.lastError}`);
    }
    this.o.sink.statusChanged();
  }
}
