import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Empty, Space, Spin, Tag, Typography } from 'antd';
import type { CaseApprovalInbox, CaseApprovalInboxItem } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { Forbidden } from '../../shell/Forbidden';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { useApiGet } from '../../grid/common/useApi';
import { formatYuan } from '../regulations/fineModel';
import { APPROVALS_URL, casePath } from '../cases/casesApi';
import { CaseActionModal } from '../cases/CaseActionModal';
import { CaseStatusTag } from '../cases/CaseStatusTag';
import '../cases/cases.css';

/**
 * 审批 (`/enforcement/approvals`): the filings (立案) and penalty decisions the approver may decide
 * now — 审核 (level 1) or 负责人 (level 2) — approved, returned or refused with an opinion.
 */
export default function ApprovalInboxPage() {
  const { t, locale, formatDateTime } = useI18n();
  useDocumentTitle(t('approvals.title'));
  const { can } = useSession();
  const { message } = App.useApp();
  const inbox = useApiGet<CaseApprovalInbox>(can('case.approve') ? APPROVALS_URL : null);
  const [deciding, setDeciding] = useState<CaseApprovalInboxItem | null>(null);
  if (!can('case.approve')) return <Forbidden home="/enforcement/cases" />;

  return (
    <div className="sg-cases">
      <Typography.Title level={4} className="sg-page-title">
        {t('approvals.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('approvals.intro')}
      </Typography.Paragraph>
      {inbox.error !== null && <ErrorAlert error={inbox.error} onRetry={inbox.reload} />}
      {inbox.loading && <Spin />}
      {inbox.data && (
        <div className="sg-case-list" data-testid="approval-list" data-count={inbox.data.items.length}>
          {inbox.data.items.length === 0 && <Empty description={t('approvals.empty')} />}
          {inbox.data.items.map((item) => (
            <div
              key={`${item.caseId}-${item.pending.kind}-${item.pending.round}-${item.pending.level}`}
              className="sg-case-row"
              data-testid="approval-row"
              data-case-id={item.caseId}
              data-kind={item.pending.kind}
              data-level={item.pending.level}
            >
              <div className="sg-case-row-head">
                <Link to={casePath(item.caseId)}>{item.enterprise.name}</Link>
                <CaseStatusTag value={{ status: item.status, outcome: null }} />
              </div>
              <div className="sg-case-meta">{item.cause}</div>
              <div className="sg-case-meta">
                <Tag color="gold">{t(`case.approvalKind.${item.pending.kind}`)}</Tag>
                <Tag>{t(`case.level.${item.pending.level}`)}</Tag>
                <span>
                  {t('approvals.submitted', {
                    by: item.pending.submittedBy.displayName,
                    at: formatDateTime(item.pending.submittedAt),
                  })}
                </span>
                {item.fineYuan !== null && (
                  <span data-testid="approval-fine">
                    {t('case.fineTotal')}：
                    {t('case.yuanAmount', {
                      amount: formatYuan(item.fineYuan, locale === 'en' ? 'en' : 'zh-CN'),
                    })}
                  </span>
                )}
              </div>
              <Space style={{ marginTop: 8 }}>
                <Button type="primary" onClick={() => setDeciding(item)} data-testid="approval-decide">
                  {t('approvals.decide')}
                </Button>
                <Link to={casePath(item.caseId)}>{t('approvals.openCase')}</Link>
              </Space>
            </div>
          ))}
        </div>
      )}
      {deciding && (
        <CaseActionModal
          action={deciding.pending.kind === 'filing' ? 'review_filing' : 'review_decision'}
          caseId={deciding.caseId}
          version={deciding.version}
          detail={null}
          onClose={() => setDeciding(null)}
          onStale={() => {
            setDeciding(null);
            inbox.reload();
          }}
          onDone={() => {
            setDeciding(null);
            void message.success(t('approvals.done'));
            inbox.reload();
          }}
        />
      )}
    </div>
  );
}
