import { Tag } from 'antd';
import { ClockCircleOutlined, FlagFilled } from '@ant-design/icons';
import type {
  DispatchSourceValue,
  DispatchStatusValue,
  DispatchUrgencyValue,
} from '@safegrid/contracts/values';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { DISPATCH_STATUS_COLORS, DISPATCH_URGENCY_COLORS } from './dispatchModel';

export function DispatchStatusTag({ status, testId }: { status: DispatchStatusValue; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag
      color={DISPATCH_STATUS_COLORS[status]}
      style={{ marginInlineEnd: 0 }}
      data-testid={testId}
      data-status={status}
    >
      {t(`dispatch.status.${status}`)}
    </Tag>
  );
}

export function UrgencyTag({ urgency }: { urgency: DispatchUrgencyValue }) {
  const { t } = useI18n();
  return (
    <Tag color={DISPATCH_URGENCY_COLORS[urgency]} style={{ marginInlineEnd: 0 }} data-urgency={urgency}>
      {t(`dispatch.urgency.${urgency}`)}
    </Tag>
  );
}

export function SourceTag({ source }: { source: DispatchSourceValue }) {
  const { t } = useI18n();
  return (
    <Tag style={{ marginInlineEnd: 0 }} data-source={source}>
      {t(`dispatch.source.${source}`)}
    </Tag>
  );
}

/** The current step is past its deadline. */
export function OverdueTag({ testId = 'dispatch-overdue' }: { testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color="red" icon={<ClockCircleOutlined />} style={{ marginInlineEnd: 0 }} data-testid={testId}>
      {t('dispatch.overdue')}
    </Tag>
  );
}

/** Open 督办 items (raised by the overdue sweep, resolved by the next step). */
export function SupervisionTag({ count }: { count: number }) {
  const { t } = useI18n();
  return (
    <Tag
      color="volcano"
      icon={<FlagFilled />}
      style={{ marginInlineEnd: 0 }}
      data-testid="dispatch-supervised"
      data-count={count}
    >
      {t('dispatch.supervised', { count })}
    </Tag>
  );
}
