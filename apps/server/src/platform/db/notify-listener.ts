import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from './schema';
import type pg from 'pg';
import type { HealthCheck } from '../http/health';

/** PostgreSQL's NAMEDATALEN − 1: a longer channel name is an error in pg_notify. */
const MAX_CHANNEL_BYTES = 63;
/** NOTIFY refuses payloads of 8000 bytes or more. */
export const MAX_NOTIFY_PAYLOAD_BYTES = 7999;

/**
 * A channel of one database schema: processes of different schemas (parallel test runs, several
 * installations on one server) never hear each other. Too long a name keeps a prefix of the schema
 * and a hash of all of it.
 */
export function schemaChannel(prefix: string, schema: string): string {
  const full = `${prefix}:${schema}`;
  if (Buffer.byteLength(full) <= MAX_CHANNEL_BYTES) return full;
  const hash = createHash('sha256').update(schema).digest('hex').slice(0, 16);
  let head = schema;
  while (Buffer.byteLength(`${prefix}:${head}:${hash}`) > MAX_CHANNEL_BYTES) head = head.slice(0, -1);
  return `${prefix}:${head}:${hash}`;
}

/**
 * Queues a notification in the caller's transaction: PostgreSQL delivers it at commit and drops it
 * on rollback, so nothing is announced that did not happen.
 */
export async function notifyIn(executor: Kysely<DB>, channel: string, payload: string): Promise<void> {
  if (Buffer.byteLength(payload) > MAX_NOTIFY_PAYLOAD_BYTES) {
    throw new Error(`NOTIFY payload of ${Buffer.byteLength(payload)} bytes is over PostgreSQL's limit`);
  }
  await sql`SELECT pg_notify(${channel}, ${payload})`.execute(executor);
}

export interface NotifyListenerOptions {
  /** A new, unconnected client (not one of the pool's: LISTEN belongs to one session for good). */
  connect: () => pg.Client;
  channel: string;
  /** Called in order, one at a time: the next waits for the previous one's promise. */
  onNotification: (payload: string) => unknown;
  /**
   * After the connection was lost and LISTEN is back: whatever was notified in between is gone,
   * so read it from the tables. `downSince` is when the connection was lost.
   */
  onReconnect?: (downSince: Date) => unknown;
  onError?: (error: unknown, what: string) => void;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Name of the health check. */
  name?: string;
}

/**
 * One dedicated connection doing LISTEN on a channel, reconnecting with back-off when it drops.
 * `ready` resolves once the first LISTEN is in place (or rejects if the first attempt fails; later
 * attempts keep going in the background).
 */
export function startNotifyListener(opts: NotifyListenerOptions) {
  const minBackoff = opts.minBackoffMs ?? 250;
  const maxBackoff = opts.maxBackoffMs ?? 30_000;
  let client: pg.Client | null = null;
  let stopped = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  let downSince: Date | null = null;
  let chain: Promise<void> = Promise.resolve();
  const stats = { connected: false, notifications: 0, reconnects: 0, handlerErrors: 0 };

  const run = (what: string, task: () => unknown) => {
    chain = chain.then(task).then(undefined, (error: unknown) => {
      stats.handlerErrors += 1;
      opts.onError?.(error, what);
    });
    return chain;
  };

  const lost = (which: pg.Client, error?: unknown) => {
    if (client !== which) return; // an old connection's late event
    client = null;
    stats.connected = false;
    which.removeAllListeners('notification');
    void which.end().catch(() => {});
    if (stopped) return;
    downSince ??= new Date();
    if (error) opts.onError?.(error, 'connection');
    schedule();
  };

  const schedule = () => {
    const delay = Math.min(maxBackoff, minBackoff * 2 ** Math.min(attempt, 16));
    attempt += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void open().catch((error: unknown) => {
        opts.onError?.(error, 'reconnect');
        if (!stopped) schedule();
      });
    }, delay);
    retryTimer.unref();
  };

  const open = async () => {
    const next = opts.connect();
    // Errors before and after the LISTEN both end in `lost`; without a listener they would throw.
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next));
    try {
      await next.connect();
      next.on('notification', (message) => {
        if (message.channel !== opts.channel) return;
        stats.notifications += 1;
        const payload = message.payload ?? '';
        void run('notification', () => opts.onNotification(payload));
      });
      await next.query(`LISTEN "${opts.channel.replace(/"/g, '""')}"`);
    } catch (error) {
      next.removeAllListeners();
      next.on('error', () => {});
      await next.end().catch(() => {});
      throw error;
    }
    if (stopped) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    stats.connected = true;
    attempt = 0;
    if (downSince) {
      const since = downSince;
      downSince = null;
      stats.reconnects += 1;
      if (opts.onReconnect) await run('resync', () => opts.onReconnect!(since));
    }
  };

  const ready = open().catch((error: unknown) => {
    downSince ??= new Date();
    if (!stopped) schedule();
    throw error;
  });

  const health: HealthCheck = {
    name: opts.name ?? 'notifyListener',
    // Reconnecting is degraded, not down: the process still serves everything else.
    check: () => ({ status: stats.connected ? 'up' : 'degraded', detail: { ...stats } }),
  };

  return {
    ready,
    health,
    stats: () => ({ ...stats }),
    /** Resolves when every notification heard so far has been handled. */
    async idle(): Promise<void> {
      let seen: Promise<void>;
      do {
        seen = chain;
        await seen;
      } while (seen !== chain);
    },
    /** Tests: drop the connection as a network failure or server restart would. */
    interrupt(): void {
      const current = client;
      if (current) lost(current, undefined);
    },
    async stop(): Promise<void> {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      stats.connected = false;
      if (current) {
        current.removeAllListeners('notification');
        await current.end().catch(() => {});
      }
      await chain;
    },
  };
}

export type NotifyListener = ReturnType<typeof startNotifyListener>;
