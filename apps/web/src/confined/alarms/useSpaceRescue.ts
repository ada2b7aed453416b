import { useEffect, useState } from 'react';
import type { ConfinedSpaceDetail } from '@safegrid/contracts';
import { apiGet } from '../../shell/api';
import { spaceUrl } from '../confinedApi';

export interface SpaceRescue {
  rescuePlan: string;
  rescueEquipment: string[];
}

const TTL_MS = 60_000;
const cache = new Map<string, { at: number; promise: Promise<SpaceRescue> }>();

/** The space's own rescue plan and equipment (one request per space per minute at most). */
function loadRescue(spaceId: string): Promise<SpaceRescue> {
  const hit = cache.get(spaceId);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.promise;
  const promise = apiGet<ConfinedSpaceDetail>(spaceUrl(spaceId)).then((s) => ({
    rescuePlan: s.rescuePlan,
    rescueEquipment: s.rescueEquipment,
  }));
  cache.set(spaceId, { at: Date.now(), promise });
  promise.catch(() => cache.delete(spaceId));
  return promise;
}

/**
 * What the ledger says about rescue at the alarm's space, beside the platform's guidance for the
 * alarm kind: the enterprise's plan names its own people, equipment and access.
 */
export function useSpaceRescue(spaceId: string | null, enabled: boolean): SpaceRescue | null {
  const [result, setResult] = useState<{ id: string; value: SpaceRescue } | null>(null);
  useEffect(() => {
    if (!spaceId || !enabled) return;
    let live = true;
    loadRescue(spaceId).then(
      (value) => live && setResult({ id: spaceId, value }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [spaceId, enabled]);
  return spaceId && result?.id === spaceId ? result.value : null;
}
