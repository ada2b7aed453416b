import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Alarm } from '@safegrid/contracts';
import type { JurisdictionScope } from '../../platform/auth/actor';
import type { DB } from '../../platform/db/schema';
import { notifyIn, schemaChannel } from '../../platform/db/notify-listener';

/** Where the thing lives, so each subscriber receives only what its scope may see. */
export interface FeedPlace {
  enterpriseId: string | null;
  districtId: string | null;
  streetId: string | null;
  communityId: string | null;
  gridId: string | null;
}

export type LiveEvent =
  | { type: 'alarm'; place: FeedPlace; alarm: Alarm }
  | { type: 'permit'; place: FeedPlace; permit: { id: string; status: string } };

export function placeInScope(place: FeedPlace, scope: JurisdictionScope): boolean {
  if (scope.city) return true;
  const hit = (ids: readonly string[], id: string | null) => id !== null && ids.includes(id);
  return (
    hit(scope.enterprise, place.enterpriseId) ||
    hit(scope.district, place.districtId) ||
    hit(scope.street, place.streetId) ||
    hit(scope.community, place.communityId) ||
    hit(scope.grid, place.gridId)
  );
}

/**
 * What crosses to other processes: ids and a status, never the alarm itself (NOTIFY payloads stay
 * far below PostgreSQL's 8000 bytes; the receiver reads the alarm row). `o` is the publishing
 * feed, so a process ignores its own announcements (its browsers got the event from `publish`).
 */
export type LiveNotice =
  { type: 'alarm'; id: string } | { type: 'permit'; id: string; status: string; place: FeedPlace };

export function liveChannel(schema: string): string {
  return schemaChannel('safegrid_live', schema);
}

/**
 * Alarm and permit changes, fanned out to the browsers' SSE streams of this process.
 *
 * With a `channel` (PostgreSQL), every change is also announced to the other processes: the
 * writer calls `announce(trx, notice)` inside the transaction that makes the change (NOTIFY is
 * delivered at commit, dropped on rollback) and `publish` after the commit; the relay
 * (`live-relay.ts`) of every other process hears the notice and publishes it into its own feed.
 * Without one (PGlite: one process) `announce` does nothing.
 */
export function createLiveFeed(options: { channel?: string } = {}) {
  const emitter = new EventEmitter();
  // One listener per open browser tab; the default cap of 10 is a leak warning, not a limit we want.
  emitter.setMaxListeners(0);
  const origin = randomUUID();
  const channel = options.channel;
  let published = 0;
  let announced = 0;
  return {
    /** Identifies this feed's announcements (several feeds may live in one test process). */
    origin,
    channel,
    publish(event: LiveEvent): void {
      published += 1;
      emitter.emit('event', event);
    },
    /** Inside the writing transaction: tells the other processes (no-op without a channel). */
    async announce(executor: Kysely<DB>, notice: LiveNotice): Promise<void> {
      if (!channel) return;
      const payload =
        notice.type === 'alarm'
          ? { o: origin, t: 'alarm', id: notice.id }
          : { o: origin, t: 'permit', id: notice.id, s: notice.status, p: notice.place };
      await notifyIn(executor, channel, JSON.stringify(payload));
      announced += 1;
    },
    subscribe(listener: (event: LiveEvent) => void): () => void {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    stats: () => ({ subscribers: emitter.listenerCount('event'), published, announced }),
  };
}

export type LiveFeed = ReturnType<typeof createLiveFeed>;
