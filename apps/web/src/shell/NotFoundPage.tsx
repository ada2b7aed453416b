import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from './i18n/I18nProvider';
import { useDocumentTitle } from './useDocumentTitle';

export default function NotFoundPage() {
  const { t } = useI18n();
  useDocumentTitle(t('notFound.title'));
  return (
    <Result
      status="404"
      data-testid="not-found"
      title={t('notFound.title')}
      subTitle={t('notFound.body')}
      extra={
        <Link to="/map">
          <Button type="primary">{t('notFound.back')}</Button>
        </Link>
      }
    />
  );
}
