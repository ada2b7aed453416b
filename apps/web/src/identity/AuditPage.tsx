import { useEffect, useState, type HTMLAttributes } from 'react';
import { Alert, Button, Col, Form, Input, Row, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import type { AuditEntry, AuditVerification } from '@safegrid/contracts';
import { apiGet } from '../shell/api';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useI18n } from '../shell/i18n/I18nProvider';
import { useKeysetList } from '../shell/useKeysetList';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import {
  auditExportUrl,
  auditFiltersFromForm,
  auditFiltersToSearch,
  auditUrl,
  hasAuditFilters,
  parseAuditFilters,
  prettyJson,
  verificationView,
  type AuditFilters,
  type VerificationView,
} from './auditModel';
import { useSession } from './SessionProvider';

/** The audit trail for auditors: filters, keyset paging, snapshots, CSV export, chain check. */
export default function AuditPage() {
  const { t, formatNumber, formatDateTime } = useI18n();
  useDocumentTitle(t('nav.audit'));
  const { can } = useSession();
  const list = useKeysetList<AuditEntry, AuditFilters>({
    parse: parseAuditFilters,
    toSearch: auditFiltersToSearch,
    pageUrl: auditUrl,
  });
  const { filters } = list;
  const [form] = Form.useForm<AuditFilters>();

  const [verifying, setVerifying] = useState(false);
  const [verification, setVerification] = useState<VerificationView | null>(null);
  const [verifyError, setVerifyError] = useState<unknown>(null);

  // The form follows the URL (back/forward, shared links).
  useEffect(() => form.setFieldsValue(filters), [filters, form]);

  const verify = () => {
    setVerifying(true);
    setVerifyError(null);
    setVerification(null);
    apiGet<AuditVerification>('/api/audit/verification')
      .then((result) => setVerification(verificationView(result)))
      .catch((e: unknown) => setVerifyError(e))
      .finally(() => setVerifying(false));
  };

  const columns: TableProps<AuditEntry>['columns'] = [
    { key: 'seq', title: t('audit.colSeq'), dataIndex: 'seq', width: 90 },
    { key: 'at', title: t('audit.colAt'), render: (_, e) => formatDateTime(e.at) },
    {
      key: 'actor',
      title: t('audit.colActor'),
      render: (_, e) => (
        <Space orientation="vertical" size={0}>
          <span>{e.actorName ?? e.actorId ?? t('audit.system')}</span>
          {e.role && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`role.${e.role}`)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'action',
      title: t('audit.colAction'),
      render: (_, e) => <Typography.Text code>{e.action}</Typography.Text>,
    },
    {
      key: 'resource',
      title: t('audit.colResource'),
      responsive: ['md'],
      render: (_, e) => (e.resourceType ? [e.resourceType, e.resourceId].filter(Boolean).join(' / ') : '—'),
    },
    {
      key: 'outcome',
      title: t('audit.colOutcome'),
      render: (_, e) => (
        <Tag color={e.outcome === 'success' ? 'green' : 'red'}>{t(`audit.outcome.${e.outcome}`)}</Tag>
      ),
    },
    { key: 'ip', title: t('audit.colIp'), responsive: ['lg'], render: (_, e) => e.ip ?? '—' },
  ];

  return (
    <div data-testid="audit-page">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('audit.title')}
        </Typography.Title>
        {can('audit.export') && (
          <Button href={auditExportUrl(filters)} icon={<DownloadOutlined />} data-testid="audit-export">
            {t('audit.export')}
          </Button>
        )}
        <Button
          icon={<SafetyCertificateOutlined />}
          onClick={verify}
          loading={verifying}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
      </div>

      {verification && (
        <Alert
          style={{ marginBottom: 12 }}
          showIcon
          closable={{ onClose: () => setVerification(null) }}
          type={verification.state === 'ok' ? 'success' : 'error'}
          data-testid="audit-verify-result"
          data-ok={String(verification.state === 'ok')}
          data-first-broken-seq={verification.state === 'broken' ? verification.seq : undefined}
          title={
            verification.state === 'ok'
              ? t('audit.verifyOk', { checked: formatNumber(verification.checked) })
              : t('audit.verifyBroken', {
                  seq: verification.seq,
                  checked: formatNumber(verification.checked),
                })
          }
          description={
            verification.state === 'broken' && verification.reason
              ? t('audit.verifyReason', { reason: verification.reason })
              : undefined
          }
        />
      )}
      {verifyError !== null && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={verifyError} testId="audit-verify-error" onRetry={verify} />
        </div>
      )}

      <Form<AuditFilters>
        form={form}
        layout="vertical"
        initialValues={filters}
        onFinish={(values) => list.setFilters(auditFiltersFromForm(values))}
        data-testid="audit-filters"
        role="search"
      >
        <Row gutter={12}>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="actor" label={t('audit.actor')}>
              <Input allowClear maxLength={64} data-testid="audit-filter-actor" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item name="action" label={t('audit.action')}>
              <Input allowClear maxLength={64} placeholder="auth.sign_in" data-testid="audit-filter-action" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <Form.Item name="resourceType" label={t('audit.resourceType')}>
              <Input allowClear maxLength={32} data-testid="audit-filter-resource-type" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <Form.Item name="resourceId" label={t('audit.resourceId')}>
              <Input allowClear maxLength={64} data-testid="audit-filter-resource-id" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <Form.Item name="fromDate" label={t('audit.from')}>
              <Input type="date" data-testid="audit-filter-from" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6} lg={3}>
            <Form.Item name="toDate" label={t('audit.to')}>
              <Input type="date" data-testid="audit-filter-to" />
            </Form.Item>
          </Col>
        </Row>
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="audit-filter-apply">
            {t('audit.apply')}
          </Button>
          {hasAuditFilters(filters) && (
            <Button onClick={list.resetFilters} data-testid="audit-filter-reset">
              {t('audit.reset')}
            </Button>
          )}
        </Space>
      </Form>

      {list.error !== null && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={list.error} onRetry={list.reload} />
        </div>
      )}

      <Table<AuditEntry>
        data-testid="audit-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading === 'first'}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('audit.empty') }}
        expandable={{
          expandedRowRender: (e) => (
            <div className="sg-audit-detail" data-testid="audit-detail">
              <Row gutter={12}>
                <Col xs={24} md={12}>
                  <Typography.Text strong>{t('audit.before')}</Typography.Text>
                  <pre className="sg-json" data-testid="audit-before">
                    {prettyJson(e.before)}
                  </pre>
                </Col>
                <Col xs={24} md={12}>
                  <Typography.Text strong>{t('audit.after')}</Typography.Text>
                  <pre className="sg-json" data-testid="audit-after">
                    {prettyJson(e.after)}
                  </pre>
                </Col>
              </Row>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('audit.hash')}: <code>{e.hash}</code>
              </Typography.Text>
            </div>
          ),
        }}
        onRow={(record) =>
          ({
            'data-testid': 'audit-row',
            'data-seq': record.seq,
            'data-action': record.action,
            'data-outcome': record.outcome,
          }) as HTMLAttributes<HTMLElement>
        }
      />

      <div className="sg-toolbar" style={{ justifyContent: 'center', marginTop: 12 }}>
        <Typography.Text type="secondary" data-testid="audit-count">
          {t('common.loaded', { count: formatNumber(list.items.length) })}
        </Typography.Text>
        {list.hasMore ? (
          <Button onClick={list.loadMore} loading={list.loading === 'more'} data-testid="audit-load-more">
            {t('common.loadMore')}
          </Button>
        ) : (
          list.items.length > 0 && <Typography.Text type="secondary">{t('common.allLoaded')}</Typography.Text>
        )}
      </div>
    </div>
  );
}
