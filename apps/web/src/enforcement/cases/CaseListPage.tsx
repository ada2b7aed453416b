import { Link } from 'react-router';
import { Button, Empty, Segmented, Select, Spin, Tag, Typography } from 'antd';
import type { EnforcementCaseSummary } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useKeysetList } from '../../shell/useKeysetList';
import { useSession } from '../../identity/SessionProvider';
import { casePath } from './casesApi';
import {
  CASE_STATUSES,
  caseFiltersToSearch,
  caseListUrl,
  parseCaseFilters,
  type CaseListFilters,
} from './caseModel';
import { CaseStatusTag } from './CaseStatusTag';
import './cases.css';

const parseForOfficer = parseCaseFilters;
const parseForOthers = (search: URLSearchParams): CaseListFilters => ({
  ...parseCaseFilters(search),
  mine: false,
});

/**
 * 执法案件 (`/enforcement/cases`): an officer's own cases by default (`?all=1`: the whole scope),
 * filtered by status; approvers and supervisors see their scope.
 */
export default function CaseListPage() {
  const { t } = useI18n();
  useDocumentTitle(t('case.listTitle'));
  const { can } = useSession();
  const mayHandle = can('case.handle');
  const list = useKeysetList<EnforcementCaseSummary, CaseListFilters>({
    parse: mayHandle ? parseForOfficer : parseForOthers,
    toSearch: caseFiltersToSearch,
    pageUrl: caseListUrl,
  });
  const { filters } = list;

  return (
    <div className="sg-cases">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('case.listTitle')}
        </Typography.Title>
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('case.listIntro')}
      </Typography.Paragraph>
      <div className="sg-toolbar">
        {mayHandle && (
          <Segmented<'mine' | 'all'>
            value={filters.mine ? 'mine' : 'all'}
            onChange={(v) => list.updateFilters({ mine: v === 'mine' })}
            options={[
              { value: 'mine', label: t('case.mine') },
              { value: 'all', label: t('case.all') },
            ]}
            data-testid="case-scope"
          />
        )}
        <Select<string>
          value={filters.status}
          onChange={(v) => list.updateFilters({ status: v as CaseListFilters['status'] })}
          style={{ minWidth: 180 }}
          data-testid="case-status-filter"
          options={[
            { value: '', label: t('case.anyStatus') },
            ...CASE_STATUSES.map((s) => ({ value: s, label: t(`case.status.${s}`) })),
          ]}
        />
      </div>
      {list.error !== null && <ErrorAlert error={list.error} onRetry={list.reload} />}
      {list.loading === 'first' && list.items.length === 0 && <Spin />}
      <div className="sg-case-list" data-testid="case-list" data-count={list.items.length}>
        {list.loading === null && list.items.length === 0 && list.error === null && (
          <Empty description={t('case.empty')} />
        )}
        {list.items.map((c) => (
          <Link
            key={c.id}
            to={casePath(c.id)}
            className="sg-case-row"
            data-testid="case-row"
            data-id={c.id}
            data-status={c.status}
          >
            <div className="sg-case-row-head">
              <span>{c.enterprise.name}</span>
              <CaseStatusTag value={c} />
            </div>
            <div className="sg-case-meta">{c.cause}</div>
            <div className="sg-case-meta">
              <span>
                {t('case.handlers')}：{`${c.handler.displayName}、${c.coHandler.displayName}`}
              </span>
              {c.nextDeadline && (
                <Tag color={c.nextDeadline.state === 'overdue' ? 'error' : 'processing'}>
                  {t('case.nextDeadline', {
                    kind: t(`case.deadline.${c.nextDeadline.kind}`),
                    due: c.nextDeadline.dueOn,
                  })}
                </Tag>
              )}
              {c.pendingApproval && (
                <Tag color="gold">
                  {t('case.awaiting', {
                    kind: t(`case.approvalKind.${c.pendingApproval.kind}`),
                    level: t(`case.level.${c.pendingApproval.level}`),
                  })}
                </Tag>
              )}
              {c.simulated && <Tag>{t('case.simulated')}</Tag>}
            </div>
          </Link>
        ))}
      </div>
      {list.hasMore && (
        <Button onClick={list.loadMore} loading={list.loading === 'more'} style={{ marginTop: 12 }} block>
          {t('case.loadMore')}
        </Button>
      )}
    </div>
  );
}
