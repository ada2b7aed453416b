import { EventEmitter } from 'node:events';
import type { Alarm } from '@safegrid/contracts';
import type { JurisdictionScope } from '../../platform/auth/actor';

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
 * Alarm and permit changes, fanned out to the browsers' SSE streams of this process. In-process:
 * the embedded default runs ingest and web together. Separate ingest and web processes on
 * PostgreSQL would need a cross-process channel (LISTEN/NOTIFY); see ARCHITECTURE.md.
 */
export function createLiveFeed() {
  const emitter = new EventEmitter();
  // One listener per open browser tab; the default cap of 10 is a leak warning, not a limit we want.
  emitter.setMaxListeners(0);
  let published = 0;
  return {
    publish(event: LiveEvent): void {
      published += 1;
      emitter.emit('event', event);
    },
    subscribe(listener: (event: LiveEvent) => void): () => void {
      emitter.on('event', listener);
      return () => emitter.off('event', listener);
    },
    stats: () => ({ subscribers: emitter.listenerCount('event'), published }),
  };
}

export type LiveFeed = ReturnType<typeof createLiveFeed>;
