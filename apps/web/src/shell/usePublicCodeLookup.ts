import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, isAbortError } from './api';

export type CodeLookup<T> =
  | { status: 'idle' }
  | { status: 'loading'; code: string }
  | { status: 'found'; code: string; result: T }
  | { status: 'not_found'; code: string }
  | { status: 'error'; code: string; error: unknown };

/**
 * A public page that looks something up by a code in its URL (a tip's tracking code, a printed
 * document's verification code): the typed draft, the lookup of the URL's code (a code that
 * cannot be one is not sent — the answer would be the same 404), and submitting a draft, which
 * navigates to its URL or, for the same code, looks again.
 */
export function usePublicCodeLookup<T>(options: {
  /** The URL's code, already normalised. */
  code: string;
  normalise: (raw: string) => string;
  isCode: (code: string) => boolean;
  fetch: (code: string, signal: AbortSignal) => Promise<T>;
  pathOf: (code: string) => string;
}) {
  const { code, normalise, isCode, fetch, pathOf } = options;
  const navigate = useNavigate();
  const [draft, setDraft] = useState(code);
  const [lookup, setLookup] = useState<CodeLookup<T>>({ status: 'idle' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => setDraft(code), [code]);

  useEffect(() => {
    if (!code) {
      setLookup({ status: 'idle' });
      return;
    }
    if (!isCode(code)) {
      setLookup({ status: 'not_found', code });
      return;
    }
    const controller = new AbortController();
    setLookup({ status: 'loading', code });
    fetch(code, controller.signal).then(
      (result) => setLookup({ status: 'found', code, result }),
      (error: unknown) => {
        if (isAbortError(error)) return;
        if (error instanceof ApiError && error.status === 404) setLookup({ status: 'not_found', code });
        else setLookup({ status: 'error', code, error });
      },
    );
    return () => controller.abort();
    // The functions are module-level helpers: the code and a retry are what start a lookup.
  }, [code, generation]);

  const retry = () => setGeneration((g) => g + 1);
  const submit = () => {
    const next = normalise(draft);
    if (!next) return;
    if (next === code) retry();
    else navigate(pathOf(next));
  };

  return { draft, setDraft, lookup, submit, retry };
}
