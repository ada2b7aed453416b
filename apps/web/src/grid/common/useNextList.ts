import { useCallback, useEffect, useReducer, useRef } from 'react';
import { apiGet, isAbortError } from '../../shell/api';
import { initialKeysetState, keysetReducer } from '../../shell/useKeysetList';

/**
 * Keyset "load more" for the endpoints that answer `{ items, next }` (hazards, patrol tasks):
 * the first page whenever `firstUrl` changes, the page after `next` on demand; a newer request
 * aborts the one before. The paging itself is the shell's tested `keysetReducer`.
 */
export function useNextList<T>(
  firstUrl: string | null,
  pageUrl: (after: string | null) => string,
  generation = 0,
) {
  const [state, dispatch] = useReducer(keysetReducer<T>, undefined, initialKeysetState<T>);
  const request = useRef<AbortController | null>(null);
  const pageUrlRef = useRef(pageUrl);
  useEffect(() => {
    pageUrlRef.current = pageUrl;
  });

  const load = useCallback((cursor: string | null) => {
    request.current?.abort();
    const controller = new AbortController();
    request.current = controller;
    dispatch({ type: 'start', cursor });
    apiGet<{ items: T[]; next: string | null }>(pageUrlRef.current(cursor), { signal: controller.signal })
      .then((page) => {
        if (request.current === controller) {
          dispatch({ type: 'page', cursor, page: { items: page.items, nextCursor: page.next } });
        }
      })
      .catch((e: unknown) => {
        if (!isAbortError(e) && request.current === controller) dispatch({ type: 'fail', error: e });
      })
      .finally(() => {
        if (request.current === controller) dispatch({ type: 'settle' });
      });
  }, []);

  useEffect(() => {
    if (firstUrl === null) return;
    load(null);
    return () => request.current?.abort();
  }, [firstUrl, generation, load]);

  return {
    items: state.items,
    loading: state.loading,
    error: state.error,
    hasMore: state.nextCursor !== null,
    loadMore: () => {
      if (state.nextCursor && state.loading === null) load(state.nextCursor);
    },
    reload: () => load(null),
  };
}
