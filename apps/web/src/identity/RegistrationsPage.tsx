import { useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { App, Button, Form, Input, Modal, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { Registration, RegistrationDecision, RegistrationList } from '@safegrid/contracts';
import { apiFetch } from '../shell/api';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useI18n } from '../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { useApiGet } from '../grid/common/useApi';

type Pending = { registration: Registration; decision: RegistrationDecision['decision'] };

/** A street officer's queue of enterprise self-registrations: approve, or reject with a reason. */
export default function RegistrationsPage() {
  const { t, formatDateTime } = useI18n();
  useDocumentTitle(t('nav.registrations'));
  const { message } = App.useApp();
  const list = useApiGet<RegistrationList>('/api/registrations?status=pending');
  const [decided, setDecided] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<Pending | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const items = (list.data?.items ?? []).filter((r) => !decided.has(r.id));

  const open = (registration: Registration, decision: Pending['decision']) => {
    setError(null);
    setPending({ registration, decision });
  };

  const decide = async (reason?: string) => {
    if (!pending) return;
    const { registration, decision } = pending;
    setSaving(true);
    setError(null);
    try {
      const body: RegistrationDecision = reason ? { decision, reason } : { decision };
      await apiFetch<Registration>(`/api/registrations/${encodeURIComponent(registration.id)}/decision`, {
        method: 'POST',
        json: body,
      });
      setDecided((set) => new Set([...set, registration.id]));
      message.success(
        t(decision === 'approved' ? 'registrations.approvedDone' : 'registrations.rejectedDone', {
          name: registration.displayName,
        }),
      );
      setPending(null);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  const columns: TableProps<Registration>['columns'] = [
    {
      key: 'enterprise',
      title: t('registrations.colEnterprise'),
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/enterprises/${encodeURIComponent(r.enterprise.id)}`}>{r.enterprise.name}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.creditCode}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'applicant',
      title: t('registrations.colApplicant'),
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>{r.displayName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.username}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'phone', title: t('registrations.colPhone'), dataIndex: 'phone', responsive: ['md'] },
    { key: 'street', title: t('registrations.colStreet'), dataIndex: 'streetName', responsive: ['lg'] },
    {
      key: 'createdAt',
      title: t('registrations.colCreated'),
      responsive: ['md'],
      render: (_, r) => formatDateTime(r.createdAt),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, r) => (
        <Space size={4} wrap>
          <Button
            type="primary"
            size="small"
            onClick={() => open(r, 'approved')}
            data-testid="registration-approve"
          >
            {t('registrations.approve')}
          </Button>
          <Button danger size="small" onClick={() => open(r, 'rejected')} data-testid="registration-reject">
            {t('registrations.reject')}
          </Button>
        </Space>
      ),
    },
  ];

  const rejecting = pending?.decision === 'rejected';
  return (
    <div data-testid="registrations-page">
      <Typography.Title level={4} className="sg-page-title">
        {t('registrations.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('registrations.intro')}</Typography.Paragraph>
      {list.error !== null && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={list.error} onRetry={list.reload} />
        </div>
      )}
      <Table<Registration>
        data-testid="registrations-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={list.loading}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('registrations.empty') }}
        onRow={(record) =>
          ({ 'data-testid': 'registration-row', 'data-id': record.id }) as HTMLAttributes<HTMLElement>
        }
      />

      <Modal
        open={pending !== null}
        title={
          pending
            ? t(rejecting ? 'registrations.rejectTitle' : 'registrations.approveTitle', {
                name: pending.registration.displayName,
                enterprise: pending.registration.enterprise.name,
              })
            : undefined
        }
        onCancel={() => setPending(null)}
        destroyOnHidden
        okText={t(rejecting ? 'registrations.reject' : 'registrations.approve')}
        okButtonProps={{ danger: rejecting, 'data-testid': 'registration-decision-confirm' }}
        cancelText={t('common.cancel')}
        confirmLoading={saving}
        onOk={() => (rejecting ? form.submit() : void decide())}
      >
        {error !== null && (
          <div style={{ marginBottom: 12 }}>
            <ErrorAlert error={error} testId="form-error" />
          </div>
        )}
        {rejecting ? (
          <Form<{ reason: string }>
            form={form}
            layout="vertical"
            preserve={false}
            onFinish={(values) => void decide(values.reason.trim())}
          >
            <Form.Item
              name="reason"
              label={t('registrations.rejectReason')}
              rules={[{ required: true, whitespace: true, message: t('registrations.rejectReasonRequired') }]}
            >
              <Input.TextArea
                maxLength={200}
                showCount
                autoSize={{ minRows: 3, maxRows: 6 }}
                data-testid="registration-reason"
              />
            </Form.Item>
          </Form>
        ) : (
          <Typography.Paragraph>{t('registrations.approveBody')}</Typography.Paragraph>
        )}
      </Modal>
    </div>
  );
}
