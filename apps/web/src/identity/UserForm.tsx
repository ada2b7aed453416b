import { useEffect, useMemo, useState } from 'react';
import { App, Button, Drawer, Form, Input, Select, Space, TreeSelect } from 'antd';
import type { JurisdictionNode, UserSummary } from '@safegrid/contracts';
import { apiFetch } from '../shell/api';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useI18n } from '../shell/i18n/I18nProvider';
import { buildJurisdictionTree, toSelectTree } from '../grid/jurisdiction/tree';
import { useJurisdictionTree } from '../grid/jurisdiction/useJurisdictionTree';
import {
  ROLES,
  formFieldErrors,
  roleUsesEnterprises,
  roleUsesScopes,
  toUserFormValues,
  toUserInput,
  toUserPatch,
  type UserFormValues,
} from './identityModel';

interface Props {
  open: boolean;
  /** Absent: create a user; present: change its name, role, scopes and enterprise bindings. */
  user?: UserSummary | null;
  onClose(): void;
  onSaved(user: UserSummary | null): void;
}

const FORM_FIELDS = new Set(['username', 'displayName', 'role', 'scopeIds', 'enterpriseIds', 'password']);

/** The create-user and re-scope drawer (POST /api/users, PATCH /api/users/:id). */
export function UserForm({ open, user, onClose, onSaved }: Props) {
  const { t, describeError } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserFormValues>();
  const role = Form.useWatch('role', form);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const jurisdictions = useJurisdictionTree();
  const editing = !!user;

  // Scopes may be any level, the city included, so the tree is not unwrapped below the city.
  const scopeTree = useMemo(
    () =>
      jurisdictions.data
        ? toSelectTree(
            buildJurisdictionTree(jurisdictions.data.nodes),
            (n: JurisdictionNode) => `${n.name} · ${t(`level.${n.level}`)}`,
          )
        : [],
    [jurisdictions.data, t],
  );

  // The drawer destroys its content when hidden, so each opening starts from initialValues.
  useEffect(() => {
    if (open) setError(null);
  }, [open]);
  const initialValues = useMemo<Partial<UserFormValues>>(
    () => (user ? toUserFormValues(user) : { role: 'grid_inspector', scopeIds: [], enterpriseIds: [] }),
    [user],
  );

  const submit = async (values: UserFormValues) => {
    setError(null);
    setSaving(true);
    try {
      let saved: UserSummary | null;
      if (user) {
        const patch = toUserPatch(user, values);
        if (Object.keys(patch).length === 0) {
          message.info(t('form.noChanges'));
          onClose();
          return;
        }
        saved = await apiFetch<UserSummary>(`/api/users/${encodeURIComponent(user.id)}`, {
          method: 'PATCH',
          json: patch,
        });
        message.success(t('users.saved'));
      } else {
        saved = await apiFetch<UserSummary>('/api/users', { method: 'POST', json: toUserInput(values) });
        message.success(t('users.created'));
      }
      onSaved(saved ?? null);
    } catch (e) {
      setError(e);
      const fields = formFieldErrors(describeError(e), FORM_FIELDS, 'password', {
        code: 'user.enterprise_unknown',
        field: 'enterpriseIds',
      });
      form.setFields(fields.map((f) => ({ name: f.name as keyof UserFormValues, errors: f.errors })));
    } finally {
      setSaving(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('form.required') }];
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={520}
      destroyOnHidden
      title={user ? t('users.editTitle', { name: user.displayName }) : t('users.createTitle')}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={saving}
            onClick={() => form.submit()}
            data-testid="user-form-submit"
          >
            {editing ? t('common.save') : t('users.create')}
          </Button>
        </Space>
      }
    >
      <div data-testid="user-form">
        {error !== null && (
          <div style={{ marginBottom: 12 }}>
            <ErrorAlert error={error} testId="form-error" />
          </div>
        )}
        <Form<UserFormValues>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={initialValues}
          preserve={false}
          onValuesChange={() => error !== null && setError(null)}
        >
          <Form.Item
            name="username"
            label={t('users.fieldUsername')}
            extra={editing ? undefined : t('register.usernameHint')}
            rules={
              editing
                ? []
                : [...required, { pattern: /^[A-Za-z0-9._-]{3,64}$/, message: t('register.usernameHint') }]
            }
          >
            <Input maxLength={64} autoComplete="off" disabled={editing} data-testid="field-username" />
          </Form.Item>
          <Form.Item name="displayName" label={t('users.fieldDisplayName')} rules={required}>
            <Input maxLength={64} autoComplete="off" data-testid="field-displayName" />
          </Form.Item>
          <Form.Item
            name="role"
            label={t('users.fieldRole')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Select
              data-testid="field-role"
              options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
            />
          </Form.Item>
          {roleUsesScopes(role) && (
            <Form.Item name="scopeIds" label={t('users.fieldScopes')} extra={t('users.fieldScopesHint')}>
              <TreeSelect
                data-testid="field-scopeIds"
                multiple
                allowClear
                showSearch={{ treeNodeFilterProp: 'title' }}
                treeData={scopeTree}
                treeDefaultExpandedKeys={scopeTree.map((n) => n.value)}
                loading={jurisdictions.loading}
                placeholder={t('users.fieldScopesPlaceholder')}
                popupMatchSelectWidth={false}
                maxTagCount={8}
              />
            </Form.Item>
          )}
          {roleUsesEnterprises(role) && (
            <Form.Item
              name="enterpriseIds"
              label={t('users.fieldEnterprises')}
              extra={t('users.fieldEnterprisesHint')}
              rules={[{ required: true, type: 'array', min: 1, message: t('form.required') }]}
            >
              <Select
                mode="tags"
                open={false}
                tokenSeparators={[',', ' ', '，']}
                data-testid="field-enterpriseIds"
              />
            </Form.Item>
          )}
          {!editing && (
            <Form.Item
              name="password"
              label={t('users.initialPassword')}
              extra={t('users.initialPasswordHint')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <Input.Password maxLength={256} autoComplete="new-password" data-testid="field-password" />
            </Form.Item>
          )}
        </Form>
      </div>
    </Drawer>
  );
}
