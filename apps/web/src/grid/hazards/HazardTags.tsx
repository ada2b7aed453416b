import { Tag } from 'antd';
import { ClockCircleOutlined, FlagFilled, RiseOutlined, WarningFilled } from '@ant-design/icons';
import type { Hazard, HazardSummary } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { STATUS_COLORS, type HazardStatus } from './hazardModel';

export function HazardStatusTag({ status, testId }: { status: HazardStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag
      color={STATUS_COLORS[status]}
      style={{ marginInlineEnd: 0 }}
      data-testid={testId}
      data-status={status}
    >
      {t(`hz.status.${status}`)}
    </Tag>
  );
}

/** Major / overdue / escalated / 挂牌督办 marks beside the status. */
export function HazardBadges({
  hazard,
}: {
  hazard: Pick<HazardSummary, 'level' | 'overdue' | 'escalated'> &
    Partial<Pick<Hazard, 'listedForSupervision'>>;
}) {
  const { t } = useI18n();
  return (
    <>
      {hazard.level === 'major' && (
        <Tag color="red" icon={<WarningFilled />} data-testid="hazard-major" style={{ marginInlineEnd: 0 }}>
          {t('hz.level.major')}
        </Tag>
      )}
      {hazard.listedForSupervision && (
        <Tag color="magenta" icon={<FlagFilled />} data-testid="hazard-listed" style={{ marginInlineEnd: 0 }}>
          {t('hz.listedForSupervision')}
        </Tag>
      )}
      {hazard.overdue && (
        <Tag
          color="volcano"
          icon={<ClockCircleOutlined />}
          data-testid="hazard-overdue"
          style={{ marginInlineEnd: 0 }}
        >
          {t('hz.overdue')}
        </Tag>
      )}
      {hazard.escalated && (
        <Tag
          color="purple"
          icon={<RiseOutlined />}
          data-testid="hazard-escalated"
          style={{ marginInlineEnd: 0 }}
        >
          {t('hz.escalated')}
        </Tag>
      )}
    </>
  );
}
