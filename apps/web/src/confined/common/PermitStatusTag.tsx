import { Tag } from 'antd';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { PERMIT_STATUS_TAG_COLORS, type PermitStatus } from '../labels';

/** A permit's status as a coloured tag; `data-status` holds the raw value for tests. */
export function PermitStatusTag({ status, testId }: { status: PermitStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={PERMIT_STATUS_TAG_COLORS[status]} data-testid={testId} data-status={status}>
      {t(`permitStatus.${status}`)}
    </Tag>
  );
}
