import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from './i18n/I18nProvider';
import { useDocumentTitle } from './useDocumentTitle';

/** A section the session's permissions do not include. */
export function Forbidden({ home }: { home: string }) {
  const { t } = useI18n();
  useDocumentTitle(t('forbidden.title'));
  return (
    <Result
      status="403"
      data-testid="forbidden"
      title={t('forbidden.title')}
      subTitle={t('forbidden.body')}
      extra={
        <Link to={home}>
          <Button type="primary">{t('forbidden.home')}</Button>
        </Link>
      }
    />
  );
}
