import type { FeedConfig } from './feeds-config';
import { CapFeed } from './cap-feed';
import type { FeedConnector, FeedSink } from './feed-connector';
import { HttpPollFeed } from './http-poll-feed';
import { MqttFeed } from './mqtt-feed';
import { Open311Feed } from './open311-feed';
import { SseFeed } from './sse-feed';
import { WebSocketFeed } from './websocket-feed';

/** One connector for one configured feed, whatever its kind. */
export function createConnector(f: FeedConfig, sink: FeedSink, log?: (line: string) => void): FeedConnector {
  const common = { id: f.id, name: f.name, sink, log, maxFutureSkewMs: f.maxFutureSkewMs };
  switch (f.kind) {
    case 'websocket':
      return new WebSocketFeed({ ...common, url: f.url, maxFrameBytes: f.maxFrameBytes });
    case 'sse':
      return new SseFeed({ ...common, url: f.url, payload: f.payload, maxMessageBytes: f.maxMessageBytes });
    case 'http-poll':
      return new HttpPollFeed({ ...common, url: f.url, intervalMs: f.intervalMs, pageSize: f.pageSize });
    case 'mqtt':
      return new MqttFeed({ ...common, url: f.url, topics: f.topics, maxMessageBytes: f.maxMessageBytes });
    case 'cap':
      return new CapFeed({ ...common, url: f.url, folder: f.folder, intervalMs: f.intervalMs });
    case 'open311':
      return new Open311Feed({ ...common, url: f.url, datum: f.datum, intervalMs: f.intervalMs });
  }
}
