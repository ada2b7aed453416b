import { useCallback, useEffect, useState } from 'react';
import { apiGet, isAbortError } from '../../shell/api';

export interface ApiState<T> {
  data: T | null;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** GET a URL when it changes (null: nothing to fetch); the previous request is aborted. */
export function useApiGet<T>(url: string | null): ApiState<T> {
  const [state, setState] = useState<{ url: string | null; data: T | null; error: unknown }>({
    url: null,
    data: null,
    error: null,
  });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!url) return;
    const controller = new AbortController();
    apiGet<T>(url, { signal: controller.signal }).then(
      (data) => setState({ url, data, error: null }),
      (error: unknown) => {
        if (!isAbortError(error)) setState({ url, data: null, error });
      },
    );
    return () => controller.abort();
  }, [url, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const current = state.url === url;
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    loading: url !== null && (!current || (state.data === null && state.error === null)),
    reload,
  };
}
