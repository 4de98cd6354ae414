import { Agent } from 'undici';
import type { EventLog, StoredRecord } from '../event-log/event-log.ts';
import { toBinaryHttp } from '@helios/core';
import { messageToRecord } from '../eventing/kafka-record.ts';
import { sendEvent } from '../eventing/send-event.ts';
import type { Routing } from '../routing/routing.ts';
import { deadLetterEntry, deadLetterId, originalEvent, type DeadLetterEntry } from './dead-letter-entry.ts';
import { replayRoute, type ReplayRoute } from './replay-route.ts';

/** What replaying one dead letter did. */
export interface ReplayResult {
  readonly id: string;
  /** The replayed event's type, source and id. */
  readonly event: { readonly type: string; readonly source: string; readonly id: string };
  readonly route: ReplayRoute | null;
  /** `replayed`: the subscriber answered 2xx, or the event is back in its topic; `failed`: see `detail`. */
  readonly result: 'replayed' | 'failed';
  readonly detail: string;
}

/** Lists, shows and replays the dead letters of one cluster's routing, over one event log. */
export interface DeadLetters {
  list(): Promise<readonly DeadLetterEntry[]>;
  /** Null when no dead letter has that id. */
  show(id: string): Promise<DeadLetterEntry | null>;
  /** Replays the given dead letters (all of them for 'all'); an unknown id fails with NotFound. */
  replay(ids: readonly string[] | 'all'): Promise<readonly ReplayResult[]>;
  close(): Promise<void>;
}

/** A replay asked for a dead letter that is not in the topic. */
export class DeadLetterNotFoundError extends Error {
  readonly id: string;
  constructor(id: string) {
    super(`no dead letter has id ${id}`);
    this.id = id;
  }
}

/** How long a replay's direct POST may take: as long as a delivery attempt may on the money path. */
const REPLAY_TIMEOUT_MS = 10_000;

/**
 * Dead letters are the records of the topics the routing's dead-letter sinks write. A replay sends the
 * original event (same source and id, knativeerror* removed) where replayRoute says: to the subscriber
 * it failed at when it runs here (`liveSubscribers`, subscriber URL → subscription), else back onto its
 * topic through the log. Replaying is idempotent because every effect is keyed by source + id; a replay
 * that fails leaves the dead letter where it is.
 */
export function createDeadLetters(options: {
  log: EventLog;
  routing: Routing;
  liveSubscribers?: () => ReadonlyMap<string, string>;
}): DeadLetters {
  const { log, routing } = options;
  const agent = new Agent({ keepAliveTimeout: 5_000 });
  const topics = [
    ...new Set(
      routing.subscriptions.flatMap((subscription) => {
        const { deadLetterSink, deadLetterSinkKind } = subscription.delivery;
        const sink = routing.sinks.find((route) => route.name === deadLetterSink && route.kind === deadLetterSinkKind);
        return sink ? [sink.topic] : [];
      }),
    ),
  ];
  const records = async () => (await Promise.all(topics.map((topic) => log.read(topic)))).flat();
  const entries = (all: readonly StoredRecord[]) =>
    all.flatMap((record) => {
      const entry = deadLetterEntry(record);
      return entry ? [{ record, entry }] : [];
    });

  async function replayOne(record: StoredRecord, entry: DeadLetterEntry): Promise<ReplayResult> {
    const event = { type: entry.event['type'] ?? '', source: entry.event['source'] ?? '', id: entry.event['id'] ?? '' };
    const route = replayRoute({
      routing,
      event: entry.event,
      error: entry.error,
      liveSubscribers: options.liveSubscribers?.() ?? new Map(),
    });
    const message = originalEvent(record)!;
    const done = (result: ReplayResult['result'], detail: string) =>
      Object.freeze({ id: entry.id, event, route, result, detail });
    if (route === null) return done('failed', `cannot tell where ${entry.error.destination} is: not replayed`);
    if (route.kind === 'topic') {
      try {
        const place = await log.produce(route.topic, messageToRecord(message));
        return done('replayed', `written to ${route.topic} (partition ${place.partition}, offset ${place.offset})`);
      } catch (error) {
        return done('failed', `could not write to ${route.topic}: ${(error as Error).message}`);
      }
    }
    const { headers, body } = toBinaryHttp(message);
    const sent = await sendEvent({
      agent,
      url: route.url,
      headers,
      body,
      timeoutMs: REPLAY_TIMEOUT_MS,
      signal: new AbortController().signal,
    });
    if (sent.kind === 'error') return done('failed', `${route.url}: ${sent.reason}`);
    if (sent.status < 200 || sent.status >= 300) {
      return done('failed', `${route.url} answered ${sent.status}: ${sent.body.toString('utf8').slice(0, 200)}`);
    }
    return done('replayed', `${route.url} answered ${sent.status}`);
  }

  return {
    async list() {
      return entries(await records()).map(({ entry }) => entry);
    },
    async show(id) {
      return entries(await records()).find(({ entry }) => entry.id === id)?.entry ?? null;
    },
    async replay(ids) {
      const all = entries(await records());
      const chosen =
        ids === 'all'
          ? all
          : ids.map((id) => {
              const found = all.find(({ record }) => deadLetterId(record) === id);
              if (!found) throw new DeadLetterNotFoundError(id);
              return found;
            });
      const results: ReplayResult[] = [];
      // One at a time, in the topic's order: a replay keeps the order the events failed in.
      for (const { record, entry } of chosen) results.push(await replayOne(record, entry));
      return results;
    },
    close: () => agent.close(),
  };
}
