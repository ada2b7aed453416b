import type { Kysely } from 'kysely';
import type { IPublishPacket, MqttClient, OnMessageCallback } from 'mqtt';
import type { DB } from '../../platform/db/schema';
import type { HealthCheck } from '../../platform/http/health';
import {
  MALFORMED_REASONS,
  TOPIC_ROOT,
  deviceTopicFilters,
  parseDeviceMessage,
  type DeviceMessage,
  type LockEventMessage,
  type MalformedReason,
  type StatusMessage,
  type TelemetryMessage,
} from '../../platform/mqtt/device-contract';
import { createDeviceRepository, type DeviceKind, type NewTelemetry } from './device.repository';

export interface IngestStats {
  /** Messages on sg/v1/dev/… topics, whatever became of them. */
  received: number;
  telemetryStored: number;
  /** Repeated (device, seq): QoS 1 redeliveries and device retries. */
  duplicates: number;
  /** Lock/device events, handed to the confined-space monitor, which stores and judges them. */
  eventsAccepted: number;
  statusUpdates: number;
  unknownDevice: number;
  /** Telemetry from a device that is not a gas detector. */
  kindMismatch: number;
  malformed: number;
  malformedByReason: Record<MalformedReason, number>;
  /** Rows refused because the write buffer was full (database far behind). */
  overflowDropped: number;
  lookupErrors: number;
  writeErrors: number;
  lastWriteError: string | null;
  pendingWrites: number;
  batchesWritten: number;
  listenerErrors: number;
}

export interface IngestTuning {
  /** A reading waits at most this long before it is written. */
  flushIntervalMs: number;
  /** Rows per multi-row INSERT. */
  maxBatch: number;
  /** Beyond this many buffered rows new readings are dropped and counted, not queued without bound. */
  maxBuffered: number;
  knownDeviceTtlMs: number;
  /** Short, so that a device registered a moment ago is accepted a few seconds later. */
  unknownDeviceTtlMs: number;
  cacheMaxEntries: number;
}

const DEFAULT_TUNING: IngestTuning = {
  flushIntervalMs: 50,
  maxBatch: 500,
  maxBuffered: 20_000,
  knownDeviceTtlMs: 60_000,
  unknownDeviceTtlMs: 5_000,
  cacheMaxEntries: 50_000,
};

/** Who else hears accepted messages (the confined-space monitor), after parsing and the device check. */
export interface IngestListeners {
  telemetry?(message: TelemetryMessage, receivedAt: Date): void;
  event?(message: LockEventMessage, receivedAt: Date): void;
  status?(message: StatusMessage): void;
}

export interface TelemetryIngest {
  health: HealthCheck;
  stats(): IngestStats;
  stop(): Promise<void>;
}

interface CacheEntry {
  kind: DeviceKind | null;
  expiresAt: number;
}

/** SQLSTATE class 23 (integrity constraint): the data is at fault, not the connection. */
const isDataError = (error: unknown) =>
  typeof (error as { code?: unknown })?.code === 'string' &&
  (error as { code: string }).code.startsWith('23');

/**
 * Device messages → database. Nothing a device sends may crash the process: every failure is
 * caught and counted, and the counters are the ingest's health detail.
 *
 * Acknowledgement: the MQTT client PUBACKs a reading when it arrives, before it is written, so a
 * crash loses what is buffered (normally one flush interval's worth). Holding the PUBACK until the write would
 * stall the whole connection (mqtt.js handles incoming packets strictly in order).
 */
export function startTelemetryIngest(opts: {
  client: MqttClient;
  db: Kysely<DB>;
  shareGroup?: string;
  tuning?: Partial<IngestTuning>;
  listeners?: IngestListeners;
  /** The broker keeps the session across restarts: stopping must leave the subscription in place. */
  persistentSession?: boolean;
  /** Messages the connection held before this handler existed (a persistent session's backlog). */
  earlyMessages?: () => readonly [string, Buffer, IPublishPacket][];
}): TelemetryIngest {
  const { client } = opts;
  const tuning = { ...DEFAULT_TUNING, ...opts.tuning };
  tuning.maxBatch = Math.max(1, Math.min(tuning.maxBatch, 5000));
  const repo = createDeviceRepository(opts.db);

  // Shared subscriptions are MQTT 5; Aedes (the embedded broker) speaks 3.1.1 only and would treat
  // $share/… as a literal topic that never matches, so a single embedded process subscribes plainly.
  const shared = Boolean(opts.shareGroup) && client.options.protocolVersion === 5;
  const filters = deviceTopicFilters(shared ? opts.shareGroup : undefined);

  const counters = {
    received: 0,
    telemetryStored: 0,
    duplicates: 0,
    eventsAccepted: 0,
    statusUpdates: 0,
    unknownDevice: 0,
    kindMismatch: 0,
    malformed: 0,
    overflowDropped: 0,
    lookupErrors: 0,
    writeErrors: 0,
    batchesWritten: 0,
    listenerErrors: 0,
  };
  const malformedByReason = Object.fromEntries(MALFORMED_REASONS.map((r) => [r, 0])) as Record<
    MalformedReason,
    number
  >;
  let lastWriteError: string | null = null;
  let subscription: 'pending' | 'granted' | 'refused' = 'pending';
  let stopping: Promise<void> | undefined;

  // ---- device lookup: cached, and batched into one query per turn of the event loop ----
  const cache = new Map<string, CacheEntry>();
  let lookupQueue = new Map<
    string,
    { resolve: (kind: DeviceKind | null) => void; reject: (e: unknown) => void }[]
  >();
  let lookupScheduled = false;
  const lookupsInFlight = new Set<Promise<void>>();

  const remember = (id: string, kind: DeviceKind | null) => {
    cache.delete(id);
    if (cache.size >= tuning.cacheMaxEntries) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    const ttl = kind === null ? tuning.unknownDeviceTtlMs : tuning.knownDeviceTtlMs;
    cache.set(id, { kind, expiresAt: Date.now() + ttl });
  };

  const runLookups = async () => {
    lookupScheduled = false;
    const batch = lookupQueue;
    lookupQueue = new Map();
    try {
      const found = new Map((await repo.findKinds([...batch.keys()])).map((d) => [d.id, d.kind]));
      for (const [id, waiters] of batch) {
        const kind = found.get(id) ?? null;
        remember(id, kind);
        for (const w of waiters) w.resolve(kind);
      }
    } catch (error) {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    }
  };

  const lookup = (id: string) =>
    new Promise<DeviceKind | null>((resolve, reject) => {
      const waiters = lookupQueue.get(id);
      if (waiters) waiters.push({ resolve, reject });
      else lookupQueue.set(id, [{ resolve, reject }]);
      if (!lookupScheduled) {
        lookupScheduled = true;
        // One query for every device first seen in this turn of the event loop.
        const run = new Promise<void>((done) => setImmediate(() => void runLookups().finally(done)));
        lookupsInFlight.add(run);
        void run.finally(() => lookupsInFlight.delete(run));
      }
    });

  // ---- write buffer ----
  const rows: NewTelemetry[] = [];
  let seen = new Map<string, Date>();
  let onlineChanges = new Map<string, boolean>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> | undefined;

  const hasPending = () => rows.length > 0 || seen.size > 0 || onlineChanges.size > 0;

  const noteSeen = (id: string, at: Date) => {
    const prev = seen.get(id);
    if (!prev || prev < at) seen.set(id, at);
  };

  const recordWriteError = (error: unknown, lost: number) => {
    counters.writeErrors += lost;
    lastWriteError = error instanceof Error ? error.message : String(error);
  };

  const writeTelemetry = async (batch: NewTelemetry[]) => {
    // Same (device, seq) twice inside one batch: keep the first, count the rest.
    const unique = new Map<string, NewTelemetry>();
    for (const row of batch) {
      const key = `${row.device_id}\u0000${row.seq}`;
      if (unique.has(key)) counters.duplicates += 1;
      else unique.set(key, row);
    }
    const distinct = [...unique.values()];
    try {
      const stored = await repo.insertTelemetry(distinct);
      counters.telemetryStored += stored;
      counters.duplicates += distinct.length - stored;
    } catch (error) {
      if (!isDataError(error)) return recordWriteError(error, distinct.length);
      // One bad row (say, a device deleted since it was cached) must not sink its neighbours.
      for (const row of distinct) {
        try {
          const stored = await repo.insertTelemetry([row]);
          counters.telemetryStored += stored;
          counters.duplicates += 1 - stored;
        } catch (rowError) {
          recordWriteError(rowError, 1);
          cache.delete(row.device_id);
        }
      }
    }
  };

  const flushOnce = async () => {
    const batch = rows.splice(0, tuning.maxBatch);
    const seenNow = seen;
    const onlineNow = onlineChanges;
    seen = new Map();
    onlineChanges = new Map();

    if (batch.length > 0) await writeTelemetry(batch);
    counters.batchesWritten += 1;
    try {
      if (seenNow.size > 0) {
        const latest = [...seenNow.values()].reduce((a, b) => (a > b ? a : b));
        await repo.markSeen([...seenNow.keys()], latest);
      }
      const goingOnline = [...onlineNow].filter(([, v]) => v).map(([id]) => id);
      const goingOffline = [...onlineNow].filter(([, v]) => !v).map(([id]) => id);
      if (goingOnline.length > 0) await repo.setOnline(goingOnline, true);
      if (goingOffline.length > 0) await repo.setOnline(goingOffline, false);
    } catch (error) {
      recordWriteError(error, 1);
    }
  };

  const flush = (): Promise<void> => {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    // One flush at a time (PGlite has a single connection); it loops until the buffer is empty.
    if (!flushing) {
      flushing = (async () => {
        while (hasPending()) await flushOnce();
      })()
        .catch((error: unknown) => recordWriteError(error, 0))
        .finally(() => {
          flushing = undefined;
          // Rows buffered by a microtask after the loop's last check would otherwise wait for the next message.
          if (hasPending()) scheduleFlush();
        });
    }
    return flushing;
  };

  const scheduleFlush = () => {
    if (rows.length >= tuning.maxBatch) {
      void flush();
    } else if (!timer && !flushing) {
      // While a flush runs there is nothing to arm: its loop picks up whatever arrives meanwhile.
      timer = setTimeout(() => void flush(), tuning.flushIntervalMs);
    }
  };

  // ---- message handling ----
  // A listener's bug must not cost the reading its storage.
  const notify = (call: () => void) => {
    try {
      call();
    } catch {
      counters.listenerErrors += 1;
    }
  };

  const accept = (message: DeviceMessage, kind: DeviceKind | null, receivedAt: Date, retained: boolean) => {
    if (kind === null) {
      counters.unknownDevice += 1;
      return;
    }
    switch (message.kind) {
      case 'telemetry':
        if (kind !== 'gas_detector') {
          counters.kindMismatch += 1;
          return;
        }
        if (rows.length >= tuning.maxBuffered) {
          counters.overflowDropped += 1;
          return;
        }
        rows.push({
          device_id: message.deviceId,
          seq: message.seq,
          measured_at: message.measuredAt,
          received_at: receivedAt,
          o2: message.o2,
          h2s: message.h2s,
          co: message.co,
          lel: message.lel,
          battery: message.battery,
        });
        noteSeen(message.deviceId, receivedAt);
        notify(() => opts.listeners?.telemetry?.(message, receivedAt));
        break;
      case 'event':
        counters.eventsAccepted += 1;
        noteSeen(message.deviceId, receivedAt);
        notify(() => opts.listeners?.event?.(message, receivedAt));
        break;
      case 'status':
        counters.statusUpdates += 1;
        onlineChanges.set(message.deviceId, message.online);
        // A retained status is old news and an 'offline' is the broker speaking (last will):
        // neither proves the device was just heard from.
        if (message.online && !retained) noteSeen(message.deviceId, receivedAt);
        notify(() => opts.listeners?.status?.(message));
        break;
    }
    scheduleFlush();
  };

  const onMessage: OnMessageCallback = (topic: string, payload: Buffer, packet: IPublishPacket) => {
    if (!topic.startsWith(`${TOPIC_ROOT}/`)) return; // another module's subscription on the shared client
    counters.received += 1;
    try {
      const parsed = parseDeviceMessage(topic, payload);
      if (!parsed.ok) {
        counters.malformed += 1;
        malformedByReason[parsed.reason] += 1;
        return;
      }
      const message = parsed.message;
      const receivedAt = new Date();
      const retained = packet.retain === true;
      const cached = cache.get(message.deviceId);
      if (cached && cached.expiresAt > Date.now()) {
        accept(message, cached.kind, receivedAt, retained);
        return;
      }
      lookup(message.deviceId).then(
        (kind) => {
          try {
            accept(message, kind, receivedAt, retained);
          } catch {
            counters.writeErrors += 1;
          }
        },
        () => {
          counters.lookupErrors += 1;
        },
      );
    } catch {
      // Parsing is total and accept() only buffers; reaching here is a bug, still not a crash.
      counters.writeErrors += 1;
    }
  };

  // A persistent session's backlog (held by the connection until now) goes first, in slices that
  // let the writes keep up: replayed in one go it would overflow the write buffer. Whatever arrives
  // meanwhile queues behind it, so each device's readings keep their order.
  const backlog = [...(opts.earlyMessages?.() ?? [])];
  let draining: Promise<void> | undefined;
  if (backlog.length === 0) {
    client.on('message', onMessage);
  } else {
    const queue: OnMessageCallback = (topic, payload, packet) => void backlog.push([topic, payload, packet]);
    client.on('message', queue);
    draining = (async () => {
      while (backlog.length > 0) {
        for (const [topic, payload, packet] of backlog.splice(0, 1000)) onMessage(topic, payload, packet);
        // A turn of the event loop lets the device lookups of this slice resolve into the buffer.
        await new Promise((resolve) => setImmediate(resolve));
        if (rows.length >= tuning.maxBuffered / 2) await flush();
      }
      client.off('message', queue);
      client.on('message', onMessage);
    })().catch(() => {
      counters.writeErrors += 1;
    });
  }
  client.subscribe(filters, { qos: 1 }, (error, granted) => {
    if (error || !granted || granted.some((g) => g.qos === 128)) subscription = 'refused';
    else subscription = 'granted';
  });

  const stats = (): IngestStats => ({
    ...counters,
    malformedByReason: { ...malformedByReason },
    lastWriteError,
    pendingWrites: rows.length,
  });

  return {
    stats,
    health: {
      name: 'deviceIngest',
      check: () => {
        // The raw database message stays out of the public health document (it can name
        // tables and values); health says that a write failed, stats() keeps the message.
        const { lastWriteError, ...counters } = stats();
        return {
          status: client.connected && subscription !== 'refused' ? 'up' : 'down',
          detail: {
            subscriptions: filters,
            sharedSubscription: shared,
            subscription,
            ...counters,
            lastWriteFailed: lastWriteError !== null,
          },
        };
      },
    },
    stop() {
      stopping ??= (async () => {
        await draining;
        // Stop the flow before the handler goes, so nothing is acknowledged and then dropped.
        // A persistent session disconnects and keeps its subscription: the broker queues what
        // arrives while this process restarts. Otherwise unsubscribe, so that $share sends it to
        // the other processes. Both bounded: a dying connection may never answer.
        const bounded = (step: Promise<unknown>) =>
          Promise.race([
            step.catch(() => undefined),
            new Promise((resolve) => setTimeout(resolve, 2000).unref()),
          ]);
        if (client.connected) {
          await bounded(opts.persistentSession ? client.endAsync() : client.unsubscribeAsync(filters));
        }
        client.off('message', onMessage);
        await Promise.allSettled([...lookupsInFlight]);
        do await flush();
        while (hasPending() || flushing);
        if (timer) clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
