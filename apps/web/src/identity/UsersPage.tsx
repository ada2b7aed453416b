import { useEffect, useState, type HTMLAttributes } from 'react';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { PasswordResetInput, UserSummary } from '@safegrid/contracts';
import { apiFetch } from '../shell/api';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useI18n } from '../shell/i18n/I18nProvider';
import { useKeysetList, useSearchDraft } from '../shell/useKeysetList';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import {
  ROLES,
  isLocked,
  parseUserFilters,
  userFiltersToSearch,
  usersUrl,
  type Role,
  type UserFilters,
} from './identityModel';
import { useSession } from './SessionProvider';
import { UserForm } from './UserForm';

/** User administration: list with filters, create, re-scope, disable/enable, reset password, unlock. */
export default function UsersPage() {
  const { t, formatNumber, formatDateTime } = useI18n();
  useDocumentTitle(t('nav.users'));
  const { message } = App.useApp();
  const { can, session } = useSession();
  const manage = can('user.manage');
  const list = useKeysetList<UserSummary, UserFilters>({
    parse: parseUserFilters,
    toSearch: userFiltersToSearch,
    pageUrl: usersUrl,
  });
  const { filters, updateFilters: update } = list;
  const search = useSearchDraft(filters.q, update);
  const [actionError, setActionError] = useState<unknown>(null);
  const [editing, setEditing] = useState<{ user: UserSummary | null } | null>(null);
  const [resetting, setResetting] = useState<UserSummary | null>(null);

  const replace = (saved: UserSummary) =>
    list.editItems((users) => users.map((u) => (u.id === saved.id ? saved : u)));

  /** Disable/enable and unlock: the server answers with the user (PATCH) or nothing (unlock). */
  const act = async (user: UserSummary, kind: 'disable' | 'enable' | 'unlock' | 'mfaReset') => {
    setActionError(null);
    try {
      if (kind === 'mfaReset') {
        await apiFetch<void>(`/api/users/${encodeURIComponent(user.id)}/mfa-reset`, { method: 'POST' });
        replace({ ...user, mfaEnabled: false });
        message.success(t('users.mfaResetDone', { name: user.displayName }));
      } else if (kind === 'unlock') {
        await apiFetch<void>(`/api/users/${encodeURIComponent(user.id)}/unlock`, { method: 'POST' });
        replace({ ...user, lockedUntil: null });
        message.success(t('users.unlocked', { name: user.displayName }));
      } else {
        const saved = await apiFetch<UserSummary>(`/api/users/${encodeURIComponent(user.id)}`, {
          method: 'PATCH',
          json: { disabled: kind === 'disable' },
        });
        replace(saved ?? { ...user, disabled: kind === 'disable' });
        message.success(
          t(kind === 'disable' ? 'users.disabledDone' : 'users.enabledDone', { name: user.displayName }),
        );
      }
    } catch (e) {
      setActionError(e);
    }
  };

  const columns: TableProps<UserSummary>['columns'] = [
    {
      key: 'user',
      title: t('users.colUser'),
      render: (_, u) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{u.displayName}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {u.username}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'role',
      title: t('users.colRole'),
      render: (_, u) => <Tag color="blue">{t(`role.${u.role}`)}</Tag>,
    },
    {
      key: 'scope',
      title: t('users.colScope'),
      responsive: ['md'],
      render: (_, u) => {
        const parts = [...u.scopes.map((s) => s.name), ...u.enterprises.map((e) => e.name)];
        return parts.length > 0 ? parts.join('、') : <Typography.Text type="secondary">—</Typography.Text>;
      },
    },
    {
      key: 'status',
      title: t('users.colStatus'),
      render: (_, u) => (
        <Space size={2} wrap>
          {u.disabled ? (
            <Tag color="default">{t('users.statusDisabled')}</Tag>
          ) : (
            <Tag color="green">{t('users.statusActive')}</Tag>
          )}
          {u.lockedUntil && (
            <Tag color="red" title={t('users.lockedUntil', { time: formatDateTime(u.lockedUntil) })}>
              {t('users.statusLocked')}
            </Tag>
          )}
          {u.mfaEnabled && <Tag color="purple">{t('users.mfaOn')}</Tag>}
        </Space>
      ),
    },
    {
      key: 'lastSignIn',
      title: t('users.colLastSignIn'),
      responsive: ['lg'],
      render: (_, u) => formatDateTime(u.lastSignInAt),
    },
    ...(manage
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_: unknown, u: UserSummary) => {
              const self = u.id === session?.user.id;
              return (
                <Space size={0} wrap>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setEditing({ user: u })}
                    data-testid="user-edit"
                  >
                    {t('users.edit')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setResetting(u)}
                    data-testid="user-reset-password"
                  >
                    {t('users.resetPassword')}
                  </Button>
                  {u.mfaEnabled && (
                    <Popconfirm
                      title={t('users.mfaResetConfirm', { name: u.displayName })}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => act(u, 'mfaReset')}
                    >
                      <Button type="link" size="small" data-testid="user-mfa-reset">
                        {t('users.mfaReset')}
                      </Button>
                    </Popconfirm>
                  )}
                  {u.lockedUntil && (
                    <Popconfirm
                      title={t('users.unlockConfirm', { name: u.displayName })}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => act(u, 'unlock')}
                    >
                      <Button type="link" size="small" data-testid="user-unlock">
                        {t('users.unlock')}
                      </Button>
                    </Popconfirm>
                  )}
                  {u.disabled ? (
                    <Popconfirm
                      title={t('users.enableConfirm', { name: u.displayName })}
                      okText={t('common.confirm')}
                      cancelText={t('common.cancel')}
                      onConfirm={() => act(u, 'enable')}
                    >
                      <Button type="link" size="small" data-testid="user-enable">
                        {t('users.enable')}
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Popconfirm
                      title={t('users.disableConfirm', { name: u.displayName })}
                      description={t('users.disableHint')}
                      okText={t('common.confirm')}
                      okButtonProps={{ danger: true }}
                      cancelText={t('common.cancel')}
                      onConfirm={() => act(u, 'disable')}
                      disabled={self}
                    >
                      <Button type="link" size="small" danger disabled={self} data-testid="user-disable">
                        {t('users.disable')}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              );
            },
          },
        ]
      : []),
  ];

  return (
    <div data-testid="users-page">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('users.title')}
        </Typography.Title>
        {manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ user: null })}
            data-testid="user-new"
          >
            {t('users.new')}
          </Button>
        )}
      </div>

      <div className="sg-toolbar" role="search">
        <Input
          className="sg-grow"
          data-testid="user-search"
          allowClear
          maxLength={64}
          prefix={<SearchOutlined />}
          placeholder={t('users.search')}
          aria-label={t('users.search')}
          value={search.draft}
          onChange={(e) => search.setDraft(e.target.value)}
          onPressEnter={search.commit}
        />
        <Select
          data-testid="user-filter-role"
          style={{ minWidth: 160 }}
          allowClear
          placeholder={t('users.filterRole')}
          value={filters.role || undefined}
          onChange={(value?: Role) => update({ role: value ?? '' })}
          options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        />
      </div>

      {list.error !== null && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={list.error} onRetry={list.reload} />
        </div>
      )}
      {actionError !== null && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={actionError} testId="user-action-error" />
        </div>
      )}

      <Table<UserSummary>
        data-testid="users-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading === 'first'}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('users.empty') }}
        onRow={(record) =>
          ({
            'data-testid': 'user-row',
            'data-id': record.id,
            'data-username': record.username,
            'data-disabled': String(record.disabled),
            'data-locked': String(isLocked(record)),
          }) as HTMLAttributes<HTMLElement>
        }
      />

      <div className="sg-toolbar" style={{ justifyContent: 'center', marginTop: 12 }}>
        <Typography.Text type="secondary">
          {t('common.loaded', { count: formatNumber(list.items.length) })}
        </Typography.Text>
        {list.hasMore ? (
          <Button onClick={list.loadMore} loading={list.loading === 'more'} data-testid="user-load-more">
            {t('common.loadMore')}
          </Button>
        ) : (
          list.items.length > 0 && <Typography.Text type="secondary">{t('common.allLoaded')}</Typography.Text>
        )}
      </div>

      <UserForm
        open={editing !== null}
        user={editing?.user ?? null}
        onClose={() => setEditing(null)}
        onSaved={(saved) => {
          const wasNew = editing?.user === null;
          setEditing(null);
          if (wasNew || !saved) list.reload();
          else replace(saved);
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </div>
  );
}

function ResetPasswordModal({ user, onClose }: { user: UserSummary | null; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordResetInput>();
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (user) setError(null);
  }, [user]);

  const submit = async (values: PasswordResetInput) => {
    if (!user) return;
    setError(null);
    setSaving(true);
    try {
      await apiFetch<void>(`/api/users/${encodeURIComponent(user.id)}/password-reset`, {
        method: 'POST',
        json: { newPassword: values.newPassword },
      });
      message.success(t('users.resetDone', { name: user.displayName }));
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={user !== null}
      title={user ? t('users.resetPasswordTitle', { name: user.displayName }) : undefined}
      onCancel={onClose}
      destroyOnHidden
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'user-reset-submit' }}
    >
      {error !== null && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={error} testId="form-error" />
        </div>
      )}
      <Form<PasswordResetInput> form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          extra={t('users.resetPasswordHint')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input.Password
            maxLength={256}
            autoComplete="new-password"
            data-testid="user-reset-password-input"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
