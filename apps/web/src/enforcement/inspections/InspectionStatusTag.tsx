import { Tag } from 'antd';
import type { InspectionStatus } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';

const COLOURS: Record<InspectionStatus, string> = { in_progress: 'processing', completed: 'success' };

export function InspectionStatusTag({ status }: { status: InspectionStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={COLOURS[status]} data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`inspection.status.${status}`)}
    </Tag>
  );
}
