import { Tag } from 'antd';
import type { EnforcementTaskStatus } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';

const SOURCE_COLOUR = { grade: 'volcano', referral: 'purple', random: 'blue' } as const;
const TASK_COLOUR = { assigned: 'default', in_progress: 'processing', done: 'success' } as const;

export function PlanStatusTag({ status }: { status: 'draft' | 'published' }) {
  const { t } = useI18n();
  return (
    <Tag color={status === 'published' ? 'green' : 'default'} data-testid="plan-status" data-status={status}>
      {t(`plan.status.${status}`)}
    </Tag>
  );
}

export function TargetSourceTag({ source }: { source: 'grade' | 'referral' | 'random' }) {
  const { t } = useI18n();
  return <Tag color={SOURCE_COLOUR[source]}>{t(`plan.source.${source}`)}</Tag>;
}

export function TaskStatusTag({ status }: { status: EnforcementTaskStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={TASK_COLOUR[status]} data-testid="task-status" data-status={status}>
      {t(`plan.taskStatus.${status}`)}
    </Tag>
  );
}

/** "2026年12月" or "2026年度": the period a plan covers. */
export function usePlanPeriod() {
  const { t } = useI18n();
  return (plan: { year: number; month: number | null }) =>
    plan.month === null
      ? t('plan.periodYear', { year: plan.year })
      : t('plan.periodMonth', { year: plan.year, month: plan.month });
}
