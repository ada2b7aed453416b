import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { ApiError } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';

/** A 404 becomes a "not found" page with a way back; anything else an error box with retry. */
export function NotFoundOrError({
  error,
  onRetry,
  backTo,
}: {
  error: unknown;
  onRetry(): void;
  backTo: string;
}) {
  const { t, describeError } = useI18n();
  if (error instanceof ApiError && error.status === 404) {
    return (
      <Result
        status="404"
        data-testid="not-found"
        title={t('notFound.title')}
        subTitle={describeError(error).message}
        extra={
          <Link to={backTo}>
            <Button type="primary">{t('common.back')}</Button>
          </Link>
        }
      />
    );
  }
  return <ErrorAlert error={error} onRetry={onRetry} />;
}
