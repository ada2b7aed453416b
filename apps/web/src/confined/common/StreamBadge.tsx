import { Badge } from 'antd';
import { useI18n } from '../../shell/i18n/I18nProvider';
import type { StreamState } from './stream';

const STATUS = { open: 'success', connecting: 'processing', retrying: 'warning' } as const;

/** A small "live" indicator: is the alarm stream connected? */
export function StreamBadge({ state }: { state: StreamState }) {
  const { t } = useI18n();
  return (
    <Badge status={STATUS[state]} text={t(`stream.${state}`)} data-testid="stream-state" data-state={state} />
  );
}
