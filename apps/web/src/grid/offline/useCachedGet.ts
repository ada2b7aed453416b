import { useCallback, useEffect, useState } from 'react';
import { ApiError, apiGet, isAbortError } from '../../shell/api';
import { readCache, writeCache } from './idbStore';

export interface CachedGetState<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  /** When the data shown is the stored copy (no network): when it was saved. */
  cachedAt: string | null;
  reload(): void;
}

/** A failure that means "no answer": the stored copy may stand in. */
export function isNetworkFailure(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.code === 'client.network');
}

/**
 * GET with an offline fallback: each answer is stored in IndexedDB under `cacheKey`; without
 * network the stored copy is shown (with its date). Only the app keeps these copies — the
 * service worker never caches /api.
 */
export function useCachedGet<T>(
  url: string | null,
  cacheKey: string | null,
  generation = 0,
): CachedGetState<T> {
  const [state, setState] = useState<{
    key: string | null;
    data: T | null;
    error: unknown;
    cachedAt: string | null;
  }>({ key: null, data: null, error: null, cachedAt: null });
  const [reloads, setReloads] = useState(0);
  const key = url && cacheKey ? `${cacheKey}|${url}` : null;
  useEffect(() => {
    if (!url || !cacheKey) return;
    const controller = new AbortController();
    const current = `${cacheKey}|${url}`;
    apiGet<T>(url, { signal: controller.signal }).then(
      (data) => {
        setState({ key: current, data, error: null, cachedAt: null });
        void writeCache(cacheKey, data);
      },
      async (error: unknown) => {
        if (isAbortError(error)) return;
        if (isNetworkFailure(error)) {
          const stored = await readCache<T>(cacheKey);
          if (controller.signal.aborted) return;
          if (stored) {
            setState({ key: current, data: stored.data, error: null, cachedAt: stored.savedAt });
            return;
          }
        }
        setState({ key: current, data: null, error, cachedAt: null });
      },
    );
    return () => controller.abort();
  }, [url, cacheKey, reloads, generation]);
  const reload = useCallback(() => setReloads((r) => r + 1), []);
  const current = state.key === key;
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    cachedAt: current ? state.cachedAt : null,
    loading: key !== null && (!current || (state.data === null && state.error === null)),
    reload,
  };
}
