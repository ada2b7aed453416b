import { useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Empty, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { GradeObjection } from '@safegrid/contracts';
import { OBJECTION_STATUSES } from '@safegrid/contracts/values';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useKeysetList } from '../../shell/useKeysetList';
import { useSession } from '../../identity/SessionProvider';
import { pickLabel, profilePath } from '../profileModel';
import { DecisionModal, type Decision } from './DecisionModal';
import { EvidenceLinks } from './EvidenceLinks';
import { EvidenceUploader, useEvidenceQueue } from './EvidenceUploader';
import { getObjection } from './objectionsApi';
import {
  filterCodecFor,
  mayAddEvidence,
  mayDecide,
  objectionsPageUrl,
  replaceObjection,
  statusColor,
  type ObjectionFilters,
  type StatusFilter,
} from './objectionsModel';
import '../profile.css';
import './objections.css';

/** 补充证据: the enterprise adds files to its pending objection; each stored file refreshes the row. */
function AddEvidenceModal({
  objection,
  onClose,
  onUpdated,
}: {
  objection: GradeObjection;
  onClose(): void;
  onUpdated(updated: GradeObjection): void;
}) {
  const { t, locale } = useI18n();
  const queue = useEvidenceQueue({
    objectionId: objection.id,
    stored: objection.evidence.length,
    onUploaded: () => {
      getObjection(objection.id).then(onUpdated, () => undefined);
    },
  });
  const busy = queue.summary.busy;
  return (
    <Modal
      open
      title={t('objections.addEvidenceTitle', { indicator: pickLabel(locale, objection) })}
      onCancel={busy ? undefined : onClose}
      closable={!busy}
      maskClosable={false}
      keyboard={!busy}
      footer={[
        <Button key="done" type="primary" disabled={busy} onClick={onClose} data-testid="objection-done">
          {t('objections.form.done')}
        </Button>,
      ]}
    >
      <div data-testid="objection-add-evidence" data-id={objection.id}>
        <Typography.Paragraph type="secondary">
          {t('objections.addEvidenceIntro', { count: objection.evidence.length })}
        </Typography.Paragraph>
        <EvidenceUploader queue={queue} queued={false} />
      </div>
    </Modal>
  );
}

/**
 * 评分异议 (`/profile/objections`): the objections in scope — an officer's street, an enterprise's
 * own — with their evidence and decisions, filters in the URL and keyset "load more". Officers who
 * decide (`profile.review`) start on the pending ones and accept or reject each with a note;
 * the enterprise reads the outcome and may add evidence while its objection is pending.
 */
export default function ObjectionsPage() {
  const { t, locale, formatDateTime } = useI18n();
  useDocumentTitle(t('objections.title'));
  const { message } = App.useApp();
  const { can } = useSession();
  const mayReview = can('profile.review');
  const mayObject = can('profile.object');
  const codec = filterCodecFor(mayReview);
  const list = useKeysetList<GradeObjection, ObjectionFilters>({
    parse: codec.parse,
    toSearch: codec.toSearch,
    pageUrl: objectionsPageUrl,
  });
  const { filters, updateFilters, editItems } = list;
  const [deciding, setDeciding] = useState<{ objection: GradeObjection; decision: Decision } | null>(null);
  const [adding, setAdding] = useState<GradeObjection | null>(null);
  const [accepted, setAccepted] = useState<GradeObjection | null>(null);

  const columns: TableProps<GradeObjection>['columns'] = [
    {
      key: 'enterprise',
      title: t('objections.col.enterprise'),
      render: (_, o) => (
        <Link to={profilePath(o.enterpriseId)} data-testid="objection-enterprise">
          {o.enterpriseName}
        </Link>
      ),
    },
    {
      key: 'indicator',
      title: t('objections.col.indicator'),
      render: (_, o) => <span title={o.indicatorId}>{pickLabel(locale, o)}</span>,
    },
    {
      key: 'values',
      title: t('objections.col.values'),
      render: (_, o) => (
        <span className="sg-objection-values" data-testid="objection-values">
          {o.recordedValue} → <strong>{o.claimedValue}</strong>
        </span>
      ),
    },
    {
      key: 'status',
      title: t('objections.col.status'),
      render: (_, o) => (
        <div className="sg-objection-status">
          <Tag color={statusColor(o.status)} data-testid="objection-status">
            {t(`objections.status.${o.status}`)}
          </Tag>
          {o.decidedAt && (
            <Typography.Text type="secondary" className="sg-profile-hint">
              {t('objections.decidedAt', { time: formatDateTime(o.decidedAt) })}
            </Typography.Text>
          )}
          {o.decisionNote && (
            <span className="sg-objection-reason" data-testid="objection-decision-note-text">
              {t('objections.decisionNote', { note: o.decisionNote })}
            </span>
          )}
        </div>
      ),
    },
    {
      key: 'reason',
      title: t('objections.col.reason'),
      render: (_, o) => <div className="sg-objection-reason">{o.reason}</div>,
    },
    {
      key: 'filed',
      title: t('objections.col.filedAt'),
      render: (_, o) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(o.filedAt)}</span>,
    },
    {
      key: 'evidence',
      title: t('objections.col.evidence'),
      render: (_, o) => <EvidenceLinks objection={o} />,
    },
  ];
  if (mayReview || mayObject) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      fixed: 'right',
      render: (_, o) => (
        <Space orientation="vertical" size={4}>
          {mayDecide(o, mayReview) && (
            <>
              <Button
                size="small"
                type="primary"
                onClick={() => setDeciding({ objection: o, decision: 'accepted' })}
                data-testid="objection-accept"
              >
                {t('objections.accept')}
              </Button>
              <Button
                size="small"
                danger
                onClick={() => setDeciding({ objection: o, decision: 'rejected' })}
                data-testid="objection-reject"
              >
                {t('objections.reject')}
              </Button>
            </>
          )}
          {mayAddEvidence(o, mayObject) && (
            <Button size="small" onClick={() => setAdding(o)} data-testid="objection-add-evidence-open">
              {t('objections.addEvidence')}
            </Button>
          )}
        </Space>
      ),
    });
  }

  const emptyText = filters.status === 'pending' ? t('objections.emptyPending') : t('objections.empty');

  return (
    <div className="sg-objections-page" data-testid="objections-page">
      <div>
        <Typography.Title level={4} className="sg-page-title">
          {t('objections.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="sg-profile-hint">
          {t(mayReview ? 'objections.explain' : 'objections.readerExplain')}
        </Typography.Paragraph>
      </div>

      {accepted && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setAccepted(null)}
          data-testid="objection-regraded"
          title={t('objections.decided.accepted', { enterprise: accepted.enterpriseName })}
          action={
            <Link to={profilePath(accepted.enterpriseId)} data-testid="objection-regraded-profile">
              {t('objections.decided.viewProfile')}
            </Link>
          }
        />
      )}

      <div className="sg-toolbar" data-testid="objection-filters">
        <Select<StatusFilter>
          value={filters.status}
          onChange={(status) => updateFilters({ status })}
          style={{ minWidth: 140 }}
          data-testid="objection-filter-status"
          options={[
            { value: 'all', label: t('objections.status.all') },
            ...OBJECTION_STATUSES.map((s) => ({ value: s, label: t(`objections.status.${s}`) })),
          ]}
        />
        {filters.enterpriseId && (
          <Tag
            closable
            onClose={() => updateFilters({ enterpriseId: null })}
            data-testid="objection-filter-enterprise"
          >
            {list.items[0]?.enterpriseId === filters.enterpriseId
              ? list.items[0].enterpriseName
              : t('objections.filterEnterprise', { id: filters.enterpriseId })}
          </Tag>
        )}
      </div>

      {list.error !== null && <ErrorAlert error={list.error} onRetry={list.reload} />}

      <Table<GradeObjection>
        size="small"
        rowKey="id"
        dataSource={list.items}
        columns={columns}
        loading={list.loading === 'first'}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="objection-list"
        data-count={list.items.length}
        onRow={(o) =>
          ({
            'data-testid': 'objection-row',
            'data-id': o.id,
            'data-status': o.status,
            'data-indicator': o.indicatorId,
          }) as HTMLAttributes<HTMLElement>
        }
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
      />
      {list.hasMore && (
        <Button
          block
          onClick={list.loadMore}
          loading={list.loading === 'more'}
          disabled={list.loading !== null}
          data-testid="objection-load-more"
        >
          {t('common.loadMore')}
        </Button>
      )}

      {deciding && (
        <DecisionModal
          key={`${deciding.objection.id}-${deciding.decision}`}
          objection={deciding.objection}
          decision={deciding.decision}
          onClose={() => setDeciding(null)}
          onStale={list.reload}
          onDecided={(updated) => {
            setDeciding(null);
            editItems((items) => replaceObjection(items, updated));
            if (updated.status === 'accepted') setAccepted(updated);
            else
              void message.success(t('objections.decided.rejected', { enterprise: updated.enterpriseName }));
          }}
        />
      )}
      {adding && (
        <AddEvidenceModal
          key={adding.id}
          objection={adding}
          onClose={() => setAdding(null)}
          onUpdated={(updated) => editItems((items) => replaceObjection(items, updated))}
        />
      )}
    </div>
  );
}
