import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Empty, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { FilePdfOutlined, WarningOutlined } from '@ant-design/icons';
import type { CaseDeadline, EnforcementCase, EnforcementCaseAction } from '@safegrid/contracts';
import { isAbortError } from '../../shell/api';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { NotFoundOrError } from '../../grid/common/NotFoundOrError';
import { refPath } from '../regulations/refModel';
import { formatYuan } from '../regulations/fineModel';
import { inspectionPath } from '../inspections/inspectionsApi';
import { CASES_PATH, fetchCase } from './casesApi';
import { chinaToday, deadlineTone, orderedActions, timeline, uncoveredDeadlines } from './caseModel';
import { CaseActionModal } from './CaseActionModal';
import { CaseStatusTag } from './CaseStatusTag';
import './cases.css';

/**
 * 案件办理 (`/enforcement/cases/:id`): the case, its deadlines with their legal basis, violations
 * with fines, documents, approvals and timeline, and only the actions the server allows the caller
 * now.
 */
export default function CasePage() {
  const { id = '' } = useParams();
  const { t, lookup, locale, formatDateTime } = useI18n();
  useDocumentTitle(t('case.title'));
  const { message } = App.useApp();
  const [value, setValue] = useState<EnforcementCase | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  const [acting, setActing] = useState<EnforcementCaseAction | null>(null);
  const controller = useRef<AbortController | null>(null);
  const uiLocale = locale === 'en' ? 'en' : 'zh-CN';

  const load = useCallback(() => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setLoadError(null);
    fetchCase(id, current.signal).then(setValue, (error: unknown) => {
      if (!isAbortError(error)) setLoadError(error);
    });
  }, [id]);

  useEffect(() => {
    setValue(null);
    load();
    return () => controller.current?.abort();
  }, [load]);

  if (loadError !== null && !value)
    return <NotFoundOrError error={loadError} onRetry={load} backTo={CASES_PATH} />;
  if (!value) return <Spin />;

  const c = value;
  const today = chinaToday(new Date());
  const uncovered = uncoveredDeadlines(c.deadlines);
  const actions = orderedActions(c.allowedActions);
  const yuan = (n: number) => t('case.yuanAmount', { amount: formatYuan(n, uiLocale) });

  return (
    <div
      className="sg-cases"
      data-testid="case-view"
      data-id={c.id}
      data-status={c.status}
      data-version={c.version}
    >
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {c.enterprise.name}
        </Typography.Title>
        <CaseStatusTag value={c} />
        {c.simulated && <Tag>{t('case.simulated')}</Tag>}
      </div>
      <Link to={CASES_PATH}>{t('case.back')}</Link>

      {stale && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setStale(false)}
          title={t('case.stale')}
          style={{ marginTop: 12 }}
        />
      )}

      <Card size="small" className="sg-case-card" style={{ marginTop: 12 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            {
              key: 'cause',
              label: t('case.cause'),
              children: <span data-testid="case-cause">{c.cause}</span>,
            },
            {
              key: 'enterprise',
              label: t('case.enterprise'),
              children: (
                <Link to={`/enterprises/${encodeURIComponent(c.enterprise.id)}`}>{c.enterprise.name}</Link>
              ),
            },
            {
              key: 'handlers',
              label: t('case.handlers'),
              children: `${c.handler.displayName}、${c.coHandler.displayName}`,
            },
            ...(c.inspectionId
              ? [
                  {
                    key: 'inspection',
                    label: t('case.inspection'),
                    children: <Link to={inspectionPath(c.inspectionId)}>{t('case.openInspection')}</Link>,
                  },
                ]
              : []),
            ...(c.fineYuan !== null
              ? [
                  {
                    key: 'fine',
                    label: t('case.fineTotal'),
                    children: <span data-testid="case-fine-total">{yuan(c.fineYuan)}</span>,
                  },
                ]
              : []),
            { key: 'created', label: t('case.createdAt'), children: formatDateTime(c.createdAt) },
          ]}
        />
        {c.pendingApproval && (
          <Alert
            type="info"
            showIcon
            data-testid="case-pending-approval"
            title={t('case.pending', {
              kind: t(`case.approvalKind.${c.pendingApproval.kind}`),
              level: t(`case.level.${c.pendingApproval.level}`),
              by: c.pendingApproval.submittedBy.displayName,
            })}
          />
        )}
      </Card>

      {actions.length > 0 && (
        <Card size="small" title={t('case.actions')} className="sg-case-card" data-testid="case-actions">
          <Space wrap>
            {actions.map((a) => (
              <Button key={a} type="primary" onClick={() => setActing(a)} data-testid={`case-action-${a}`}>
                {t(`case.action.${a}`)}
              </Button>
            ))}
          </Space>
        </Card>
      )}

      <Card size="small" title={t('case.deadlines')} className="sg-case-card" data-testid="case-deadlines">
        {uncovered.length > 0 && (
          <Alert
            type="warning"
            showIcon
            icon={<WarningOutlined />}
            data-testid="case-calendar-warning"
            title={t('case.calendarMissing')}
            description={t('case.calendarMissingHint')}
            style={{ marginBottom: 8 }}
          />
        )}
        {c.deadlines.length === 0 && (
          <Typography.Text type="secondary">{t('case.noDeadlines')}</Typography.Text>
        )}
        <div className="sg-case-deadlines">
          {c.deadlines.map((d) => (
            <DeadlineRow key={d.kind} d={d} today={today} />
          ))}
        </div>
      </Card>

      <Card size="small" title={t('case.violations')} className="sg-case-card">
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          {c.violations.map((v) => (
            <div
              key={v.seq}
              className="sg-case-violation"
              data-testid="case-violation"
              data-seq={v.seq}
              data-rectified={String(v.rectified)}
            >
              <Typography.Text strong>{t('case.violationN', { n: v.seq })}</Typography.Text>{' '}
              {v.rectified !== null && (
                <Tag color={v.rectified ? 'success' : 'error'}>
                  {t(v.rectified ? 'case.rectified.yes' : 'case.rectified.no')}
                </Tag>
              )}
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                {v.finding}
              </Typography.Paragraph>
              <div className="sg-case-meta">
                <Typography.Text type="secondary">{t('case.provisions')}：</Typography.Text>
                {v.provisions.map((p) => (
                  <Link key={p.ref} to={refPath(p.ref)} className="sg-case-ref">
                    {p.label}
                  </Link>
                ))}
              </div>
              <div className="sg-case-meta">
                <Typography.Text type="secondary">{t('case.penalty')}：</Typography.Text>
                {v.penalty ? (
                  <Link to={refPath(v.penalty.ref)}>{v.penalty.label}</Link>
                ) : (
                  <Typography.Text type="warning">{t('case.penaltyMissing')}</Typography.Text>
                )}
              </div>
              <div
                className="sg-case-meta"
                data-testid="case-fine-range"
                data-min={v.fineRange.minYuan ?? ''}
                data-max={v.fineRange.maxYuan ?? ''}
              >
                <Typography.Text type="secondary">{t('case.fineRange')}：</Typography.Text>
                {v.fineRange.minYuan !== null && v.fineRange.maxYuan !== null
                  ? t('case.fineRangeValue', {
                      min: formatYuan(v.fineRange.minYuan, uiLocale),
                      max: formatYuan(v.fineRange.maxYuan, uiLocale),
                    })
                  : t('case.fineRangeUnknown')}
              </div>
              {v.circumstances.length > 0 && (
                <div className="sg-case-meta">
                  <Typography.Text type="secondary">{t('case.circumstances')}：</Typography.Text>
                  {v.circumstances.map((k) => (
                    <Tag key={k}>{t(`case.circumstance.${k}`)}</Tag>
                  ))}
                </div>
              )}
              {v.proposedFineYuan !== null && (
                <div className="sg-case-meta" data-testid="case-proposed-fine" data-yuan={v.proposedFineYuan}>
                  <Typography.Text type="secondary">{t('case.proposedFine')}：</Typography.Text>
                  {yuan(v.proposedFineYuan)}
                </div>
              )}
            </div>
          ))}
        </Space>
      </Card>

      {c.payment && (
        <Card size="small" title={t('case.payment')} className="sg-case-card" data-testid="case-payment">
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'fine', label: t('case.fineTotal'), children: yuan(c.payment.fineYuan) },
              { key: 'due', label: t('case.payment.dueOn'), children: c.payment.dueOn ?? '—' },
              { key: 'overdue', label: t('case.payment.overdueDays'), children: c.payment.overdueDays },
              {
                key: 'surcharge',
                label: t('case.payment.surcharge'),
                children: yuan(c.payment.surchargeYuan),
              },
              { key: 'amount', label: t('case.payment.amountDue'), children: yuan(c.payment.amountDueYuan) },
              ...(c.payment.paidOn
                ? [
                    {
                      key: 'paid',
                      label: t('case.payment.paid'),
                      children: `${c.payment.paidOn} ${c.payment.paidAmountYuan !== null ? yuan(c.payment.paidAmountYuan) : ''}`,
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}

      <Card size="small" title={t('case.documents')} className="sg-case-card">
        {c.documents.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.noDocuments')} />
        )}
        <div className="sg-case-documents">
          {c.documents.map((d) => (
            <div
              key={d.id}
              className="sg-case-document"
              data-testid="case-document"
              data-doc-type={d.docType}
              data-step={d.step}
              data-number={d.number}
            >
              <a href={d.pdfUrl} target="_blank" rel="noreferrer" data-testid="case-document-pdf">
                <FilePdfOutlined /> {d.title}
              </a>
              <span className="sg-case-doc-number">{d.number}</span>
              <Typography.Text type="secondary">{d.documentDate}</Typography.Text>
            </div>
          ))}
        </div>
      </Card>

      {c.approvals.length > 0 && (
        <Card size="small" title={t('case.approvals')} className="sg-case-card">
          {c.approvals.map((a, i) => (
            <div
              key={i}
              className="sg-case-approval"
              data-testid="case-approval"
              data-kind={a.kind}
              data-level={a.level}
              data-decision={a.decision}
            >
              <Tag>{t(`case.approvalKind.${a.kind}`)}</Tag>
              <Tag>{t(`case.level.${a.level}`)}</Tag>
              <Tag color={a.decision === 'approve' ? 'success' : 'warning'}>
                {t(`case.review.${a.decision}`)}
              </Tag>
              {a.decidedBy.displayName} · {formatDateTime(a.at)}
              <div className="sg-case-opinion">{a.opinion}</div>
            </div>
          ))}
        </Card>
      )}

      <Card size="small" title={t('case.timeline')} className="sg-case-card" data-testid="case-timeline">
        <Timeline
          items={timeline(c.events).map((e) => ({
            key: e.seq,
            content: (
              <div data-testid="case-event" data-action={e.action} data-to={e.toStatus}>
                <Typography.Text strong>{lookup(`case.event.${e.action}`) ?? e.action}</Typography.Text>
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(e.at)}
                    {e.actor ? ` · ${e.actor.displayName}` : ''}
                  </Typography.Text>
                </div>
                {e.note && <div className="sg-case-opinion">{e.note}</div>}
              </div>
            ),
          }))}
        />
      </Card>

      {acting && (
        <CaseActionModal
          action={acting}
          caseId={c.id}
          version={c.version}
          detail={c}
          onClose={() => setActing(null)}
          onStale={() => {
            setStale(true);
            setActing(null);
            load();
          }}
          onDone={(next) => {
            setActing(null);
            setStale(false);
            setValue(next);
            void message.success(t('case.done'));
          }}
        />
      )}
    </div>
  );
}

function DeadlineRow({ d, today }: { d: CaseDeadline; today: string }) {
  const { t } = useI18n();
  return (
    <div
      className="sg-case-deadline"
      data-testid="case-deadline"
      data-kind={d.kind}
      data-state={d.state}
      data-covered={String(d.calendarCovered)}
      data-due={d.dueOn}
    >
      <div>
        <Typography.Text strong>{t(`case.deadline.${d.kind}`)}</Typography.Text>{' '}
        <Tag color={deadlineTone(d, today)}>{t(`case.deadlineState.${d.state}`)}</Tag>
        {d.unit === 'working' && !d.calendarCovered && <Tag color="warning">{t('case.weekendsOnly')}</Tag>}
      </div>
      <div>
        {t('case.deadlineSpan', { from: d.fromDate, due: d.dueOn })}
        {d.unit !== 'set_by_officer' && <> · {t(`case.unit.${d.unit}`, { days: d.days })}</>}
        {d.doneOn && <> · {t('case.doneOn', { date: d.doneOn })}</>}
      </div>
      {d.basis.length > 0 && (
        <div className="sg-case-meta">
          <Typography.Text type="secondary">{t('case.basis')}：</Typography.Text>
          {d.basis.map((b) => (
            <Link key={b.ref} to={refPath(b.ref)} className="sg-case-ref">
              {b.label}
            </Link>
          ))}
        </div>
      )}
    </div>
  );
}
