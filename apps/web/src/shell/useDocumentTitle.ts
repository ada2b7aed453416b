import { useEffect } from 'react';
import { useI18n } from './i18n/I18nProvider';

export function useDocumentTitle(title: string | undefined): void {
  const { t } = useI18n();
  const app = t('app.shortTitle');
  useEffect(() => {
    document.title = title ? `${title} · ${app}` : app;
  }, [title, app]);
}
