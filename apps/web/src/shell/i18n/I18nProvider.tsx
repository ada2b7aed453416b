import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage, ApiError } from '../api';
import { localiseProblem, type LocalisedProblem } from '../problem';
import { formatMessage, lookupIn, type Lookup, type MessageParams } from './format';
import { zhCN, type MessageKey } from './zh-CN';
import { en } from './en';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

const CATALOGUES: Record<Locale, Readonly<Record<MessageKey, string>>> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'safegrid.locale';

function storedLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    // Storage can be unavailable (private mode, sandboxed frames): fall back to the default.
  }
  return 'zh-CN';
}

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: MessageParams): string;
  /** For keys built at run time (error codes, enum values): undefined when absent. */
  lookup: Lookup;
  describeError(error: unknown): LocalisedProblem;
  formatNumber(value: number): string;
  formatDateTime(iso: string | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const initial = storedLocale();
    setApiLanguage(initial);
    return initial;
  });

  const setLocale = useCallback((next: Locale) => {
    setApiLanguage(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still applies to this tab.
    }
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const catalogue = CATALOGUES[locale];
    const lookup = lookupIn(catalogue);
    const numberFormat = new Intl.NumberFormat(locale);
    const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    return {
      locale,
      setLocale,
      lookup,
      t: (key, params) => formatMessage(catalogue[key], params, locale),
      describeError: (error) => {
        if (error instanceof ApiError) return localiseProblem(error.problem, lookup, locale);
        return { code: 'client.unexpected', message: catalogue['error.client.unexpected'], fields: [] };
      },
      formatNumber: (n) => numberFormat.format(n),
      formatDateTime: (iso) => {
        if (!iso) return '—';
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
      },
    };
  }, [locale, setLocale]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n must be used inside <I18nProvider>');
  return context;
}

export type { MessageKey };
