import type { FeedStatus } from '@shared/contract';
import type { Alert } from '@shared/domain/alert';
import type { VehiclePosition } from '@shared/domain/vehicle';
import type { IncomingIncident } from '../store/incident-store';

/**
 * What every backend feed looks like to the rest of the console, whatever its protocol.
 * A connector receives, validates and normalizes; it hands batches to `sink` together with the
 * cursor that covers them, and the sink stores both in one transaction.
 */
export interface FeedConnector {
  readonly id: string;
  start(): void;
  stop(): Promise<void>;
  status(): FeedStatus;
  /** Drop the connection now and reconnect (an operator's "reconnect" action). */
  reconnect(): void;
}

export interface FeedSink {
  /** Stores a batch and its cursor; returns how many were new or changed. */
  accept(batch: IncomingIncident[], cursor: { feedId: string; value: string }): number;
  /** The cursor stored for this feed, if any. */
  cursor(feedId: string): string | undefined;
  /** Feed health changed. */
  statusChanged(): void;
  /** Keeps a refused message with the reason (bounded; the feed goes on). */
  quarantine?(entry: RefusedMessage): void;
  /**
   * Stores CAP alerts (and the incidents they imply) with the feed's cursor; returns how many
   * were new and how many were already known.
   */
  alerts?(alerts: Alert[], cursor?: { feedId: string; value: string }): { added: number; duplicates: number };
  /** Latest GPS fixes (not stored; the console keeps the newest per vehicle). */
  positions?(fixes: VehiclePosition[]): void;
}

/** A message a feed refused, on its way to the quarantine table. */
export interface RefusedMessage {
  feedId: string;
  reason: string;
  /** The message as received: text, bytes, or a parsed value. */
  payload: unknown;
  /** Size as received, bytes (when known). */
  size?: number;
}

/** Exponential backoff with full jitter, capped. */
export function backoffDelay(attempt: number, baseMs = 500, capMs = 30_000, random = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
