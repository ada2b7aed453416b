import { Tag } from 'antd';
import type { EnforcementCase, EnforcementCaseStatus } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { statusLabelKey } from './caseModel';

const COLOURS: Record<EnforcementCaseStatus, string> = {
  rectification_ordered: 'processing',
  filing_review: 'gold',
  filed: 'blue',
  penalty_notified: 'purple',
  hearing: 'magenta',
  decision_review: 'gold',
  decided: 'geekblue',
  served: 'cyan',
  paid: 'green',
  enforcement: 'red',
  closed: 'default',
};

export function CaseStatusTag({ value }: { value: Pick<EnforcementCase, 'status' | 'outcome'> }) {
  const { t, lookup } = useI18n();
  const key = statusLabelKey(value);
  return (
    <Tag
      color={COLOURS[value.status]}
      data-testid="case-status"
      data-status={value.status}
      data-outcome={value.outcome ?? ''}
      style={{ marginInlineEnd: 0 }}
    >
      {lookup(key) ?? t('case.status.unknown', { status: value.status })}
    </Tag>
  );
}
