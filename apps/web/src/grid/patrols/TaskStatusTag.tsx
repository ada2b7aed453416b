import { Tag } from 'antd';
import type { PatrolTask } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';

const COLORS: Record<PatrolTask['status'], string> = {
  open: 'blue',
  checked_in: 'gold',
  done: 'green',
  cancelled: 'default',
};

export function TaskStatusTag({ status, testId }: { status: PatrolTask['status']; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} style={{ marginInlineEnd: 0 }} data-testid={testId} data-status={status}>
      {t(`patrol.status.${status}`)}
    </Tag>
  );
}
