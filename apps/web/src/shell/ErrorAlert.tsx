import { Alert, Button } from 'antd';
import { useI18n } from './i18n/I18nProvider';

/** A localised error box for any failure (ApiError by code, anything else generically). */
export function ErrorAlert({
  error,
  onRetry,
  testId = 'error-alert',
}: {
  error: unknown;
  onRetry?: () => void;
  testId?: string;
}) {
  const { t, describeError } = useI18n();
  const described = describeError(error);
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      data-error-code={described.code}
      title={described.message}
      description={
        described.fields.length > 0 ? (
          <ul className="sg-error-list">
            {described.fields.map((f, i) => (
              <li key={`${f.pointer}-${i}`}>
                {f.path.length > 0 ? `${f.path.join('.')}: ` : ''}
                {f.message}
              </li>
            ))}
          </ul>
        ) : undefined
      }
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
