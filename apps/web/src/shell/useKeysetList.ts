import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { apiGet, isAbortError } from './api';

/**
 * The list pages' shared logic: filters kept in the URL (`?q=…&role=…`), a keyset-paginated
 * list fetched from them ("load more" follows `nextCursor`), and a search box that commits
 * typing after a pause. The pure parts (`keysetReducer`, `draftToCommit`) are unit-tested.
 */

/** One page of a keyset-paginated list, as every list endpoint answers. */
export interface KeysetPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** 'first': the first page (for new filters or a reload) is on its way; 'more': a further page. */
export type KeysetLoading = 'first' | 'more' | null;

export interface KeysetState<T> {
  items: T[];
  nextCursor: string | null;
  loading: KeysetLoading;
  error: unknown;
}

export type KeysetAction<T> =
  /** A request for the page after `cursor` (null: the first page) starts. */
  | { type: 'start'; cursor: string | null }
  /** Its page arrived: the first page replaces the list, a further page is appended. */
  | { type: 'page'; cursor: string | null; page: KeysetPage<T> }
  | { type: 'fail'; error: unknown }
  /** The latest request is over (arrived, failed or aborted on unmount). */
  | { type: 'settle' }
  /** The page changed rows locally (e.g. a saved user replaces its row). */
  | { type: 'edit'; edit: (items: T[]) => T[] };

export function initialKeysetState<T>(): KeysetState<T> {
  return { items: [], nextCursor: null, loading: null, error: null };
}

export function keysetReducer<T>(state: KeysetState<T>, action: KeysetAction<T>): KeysetState<T> {
  switch (action.type) {
    case 'start':
      // The rows shown so far stay until the new page replaces them.
      return { ...state, loading: action.cursor ? 'more' : 'first', error: null };
    case 'page':
      return {
        ...state,
        items: action.cursor ? [...state.items, ...action.page.items] : action.page.items,
        nextCursor: action.page.nextCursor,
      };
    case 'fail':
      return { ...state, error: action.error };
    case 'settle':
      return { ...state, loading: null };
    case 'edit':
      return { ...state, items: action.edit(state.items) };
  }
}

/** How long the search box waits after the last keystroke before it commits. */
export const SEARCH_DEBOUNCE_MS = 400;

/** What a search box's text commits as the `q` filter: its trimmed value, or null when that is already the filter. */
export function draftToCommit(draft: string, committed: string): string | null {
  const value = draft.trim();
  return value === committed ? null : value;
}

export interface UrlFilters<F> {
  filters: F;
  /** The filters' canonical query string: equal filters, equal key. */
  filterKey: string;
  /** Changes some filters (the others stay). */
  updateFilters(patch: Partial<F>): void;
  /** Replaces all filters. */
  setFilters(filters: F): void;
  /** Clears every filter. */
  resetFilters(): void;
}

/**
 * Filters held in the URL's query string. `parse` and `toSearch` should be module-level
 * functions (stable identities); `toSearch` must write only the filters that are set, in a
 * fixed order, so that the same filters give the same URL.
 */
export function useUrlFilters<F>(
  parse: (search: URLSearchParams) => F,
  toSearch: (filters: F) => URLSearchParams,
): UrlFilters<F> {
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => parse(searchParams), [parse, searchParams]);
  const filterKey = toSearch(filters).toString();
  const updateFilters = useCallback(
    (patch: Partial<F>) => setSearchParams(toSearch({ ...filters, ...patch })),
    [filters, setSearchParams, toSearch],
  );
  const setFilters = useCallback((next: F) => setSearchParams(toSearch(next)), [setSearchParams, toSearch]);
  const resetFilters = useCallback(() => setSearchParams(new URLSearchParams()), [setSearchParams]);
  return { filters, filterKey, updateFilters, setFilters, resetFilters };
}

export interface KeysetList<T, F> extends UrlFilters<F> {
  items: T[];
  loading: KeysetLoading;
  /** The last request's failure (null while one runs and after one succeeds). */
  error: unknown;
  hasMore: boolean;
  /** Fetches the page after the last one and appends it (nothing when there is none). */
  loadMore(): void;
  /** Fetches the first page again (retry, or after a change the rows cannot show locally). */
  reload(): void;
  /** Changes the loaded rows in place, without a request. */
  editItems(edit: (items: T[]) => T[]): void;
}

export interface KeysetListOptions<F> {
  /** Query string → filters (module-level, stable). */
  parse(search: URLSearchParams): F;
  /** Filters → canonical query string (module-level, stable). */
  toSearch(filters: F): URLSearchParams;
  /** The API URL of the page after `cursor` (null: the first page) for these filters. */
  pageUrl(filters: F, cursor: string | null): string;
}

/**
 * A keyset-paginated list whose filters live in the URL. The first page is fetched whenever
 * the filters change; a newer request aborts the one before, and so does unmounting.
 */
export function useKeysetList<T, F>({ parse, toSearch, pageUrl }: KeysetListOptions<F>): KeysetList<T, F> {
  const urlFilters = useUrlFilters(parse, toSearch);
  const { filterKey } = urlFilters;
  const [state, dispatch] = useReducer(keysetReducer<T>, undefined, initialKeysetState<T>);
  const request = useRef<AbortController | null>(null);

  const load = useCallback(
    (cursor: string | null) => {
      request.current?.abort();
      const controller = new AbortController();
      request.current = controller;
      dispatch({ type: 'start', cursor });
      // From the key, not the filters object: the callback changes only when the filters do.
      apiGet<KeysetPage<T>>(pageUrl(parse(new URLSearchParams(filterKey)), cursor), {
        signal: controller.signal,
      })
        .then((page) => {
          if (request.current === controller) dispatch({ type: 'page', cursor, page });
        })
        .catch((e: unknown) => {
          if (!isAbortError(e) && request.current === controller) dispatch({ type: 'fail', error: e });
        })
        .finally(() => {
          if (request.current === controller) {
            request.current = null;
            dispatch({ type: 'settle' });
          }
        });
    },
    [filterKey, pageUrl, parse],
  );

  useEffect(() => {
    load(null);
    return () => request.current?.abort();
  }, [load]);

  const { nextCursor } = state;
  const loadMore = useCallback(() => {
    if (nextCursor) load(nextCursor);
  }, [load, nextCursor]);
  const reload = useCallback(() => load(null), [load]);
  const editItems = useCallback((edit: (items: T[]) => T[]) => dispatch({ type: 'edit', edit }), []);

  return {
    ...urlFilters,
    items: state.items,
    loading: state.loading,
    error: state.error,
    hasMore: Boolean(nextCursor),
    loadMore,
    reload,
    editItems,
  };
}

export interface SearchDraft {
  /** The search box's text. */
  draft: string;
  setDraft(value: string): void;
  /** Commits the text now (Enter). */
  commit(): void;
}

/**
 * A search box over the `q` filter: its text follows the URL (back/forward) and typing is
 * committed after a pause of `delayMs`.
 */
export function useSearchDraft<F extends { q: string }>(
  committed: string,
  updateFilters: (patch: Partial<F>) => void,
  delayMs = SEARCH_DEBOUNCE_MS,
): SearchDraft {
  const [draft, setDraft] = useState(committed);
  useEffect(() => setDraft(committed), [committed]);
  useEffect(() => {
    const value = draftToCommit(draft, committed);
    if (value === null) return;
    const timer = setTimeout(() => updateFilters({ q: value } as Partial<F>), delayMs);
    return () => clearTimeout(timer);
  }, [draft, committed, updateFilters, delayMs]);
  const commit = () => updateFilters({ q: draft.trim() } as Partial<F>);
  return { draft, setDraft, commit };
}
