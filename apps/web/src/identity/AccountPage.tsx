import { useState } from 'react';
import { Link } from 'react-router';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Popconfirm,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import { LogoutOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { PasswordChangeInput } from '@safegrid/contracts';
import { apiFetch } from '../shell/api';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useI18n } from '../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { fieldForCode, sameAsFieldRule } from './identityModel';
import { MFA_ENROL_PATH } from './session';
import { useSession, useSignedIn } from './SessionProvider';

interface PasswordForm extends PasswordChangeInput {
  confirmPassword: string;
}

/** My account: who I am, where I may act, my password, my second factor, my sessions. */
export default function AccountPage() {
  const { t, formatDateTime, describeError } = useI18n();
  useDocumentTitle(t('account.title'));
  const { message } = App.useApp();
  const session = useSignedIn();
  const { signOutEverywhere } = useSession();
  const { user } = session;
  const [form] = Form.useForm<PasswordForm>();
  const [passwordError, setPasswordError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [endingAll, setEndingAll] = useState(false);
  const [endError, setEndError] = useState<unknown>(null);

  const changePassword = async (values: PasswordForm) => {
    setPasswordError(null);
    setSaving(true);
    try {
      await apiFetch<void>('/api/auth/password', {
        method: 'POST',
        json: { currentPassword: values.currentPassword, newPassword: values.newPassword },
      });
      form.resetFields();
      message.success(t('account.passwordChanged'));
    } catch (e) {
      setPasswordError(e);
      const { code, message: text } = describeError(e);
      const field = fieldForCode(code, 'newPassword');
      if (field === 'currentPassword' || field === 'newPassword')
        form.setFields([{ name: field, errors: [text] }]);
    } finally {
      setSaving(false);
    }
  };

  const endAll = async () => {
    setEndError(null);
    setEndingAll(true);
    try {
      await signOutEverywhere();
    } catch (e) {
      setEndError(e);
      setEndingAll(false);
    }
  };

  return (
    <div data-testid="account-page">
      <Typography.Title level={4} className="sg-page-title">
        {t('account.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('account.profile')}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('account.displayName')}>
                <span data-testid="account-display-name">{user.displayName}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('account.username')}>
                <span data-testid="account-username">{user.username}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('account.role')}>
                <Tag color="blue" data-testid="account-role" data-role={user.role}>
                  {t(`role.${user.role}`)}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('account.scopes')}>
                {user.scopes.length === 0 ? (
                  <Typography.Text type="secondary">{t('account.noScopes')}</Typography.Text>
                ) : (
                  <Space size={[4, 4]} wrap data-testid="account-scopes">
                    {user.scopes.map((s) => (
                      <Tag key={s.id}>
                        {s.name} · {t(`level.${s.level}`)}
                      </Tag>
                    ))}
                  </Space>
                )}
              </Descriptions.Item>
              {(user.role === 'enterprise' || user.enterprises.length > 0) && (
                <Descriptions.Item label={t('account.enterprises')}>
                  <Space size={[8, 4]} wrap>
                    {user.enterprises.map((e) => (
                      <Link key={e.id} to={`/enterprises/${encodeURIComponent(e.id)}`}>
                        {e.name}
                      </Link>
                    ))}
                  </Space>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('account.idleExpires')}>
                {formatDateTime(session.idleExpiresAt)}
              </Descriptions.Item>
              <Descriptions.Item label={t('account.absoluteExpires')}>
                {formatDateTime(session.absoluteExpiresAt)}
              </Descriptions.Item>
            </Descriptions>
          </Card>

          <Card title={t('account.mfa')} style={{ marginTop: 16 }}>
            <Space orientation="vertical">
              <Space wrap>
                {user.mfaEnabled ? (
                  <Tag color="green" data-testid="account-mfa" data-enabled="true">
                    {t('account.mfaEnabled')}
                  </Tag>
                ) : (
                  <Tag color="orange" data-testid="account-mfa" data-enabled="false">
                    {t('account.mfaDisabled')}
                  </Tag>
                )}
                {user.mfaRequired && <Tag>{t('account.mfaRequired')}</Tag>}
              </Space>
              {!user.mfaEnabled && (
                <Link to={MFA_ENROL_PATH}>
                  <Button type="primary" icon={<SafetyCertificateOutlined />} data-testid="account-mfa-enrol">
                    {t('account.mfaEnrol')}
                  </Button>
                </Link>
              )}
            </Space>
          </Card>

          <Card title={t('account.sessions')} style={{ marginTop: 16 }}>
            <Typography.Paragraph type="secondary">{t('account.signOutEverywhereHint')}</Typography.Paragraph>
            {endError !== null && (
              <div style={{ marginBottom: 12 }}>
                <ErrorAlert error={endError} />
              </div>
            )}
            <Popconfirm
              title={t('account.signOutEverywhereConfirm')}
              okText={t('common.confirm')}
              cancelText={t('common.cancel')}
              onConfirm={endAll}
            >
              <Button danger icon={<LogoutOutlined />} loading={endingAll} data-testid="sign-out-everywhere">
                {t('account.signOutEverywhere')}
              </Button>
            </Popconfirm>
          </Card>
        </Col>

        <Col xs={24} lg={10}>
          <Card title={t('account.password')}>
            {passwordError !== null && (
              <div style={{ marginBottom: 12 }}>
                <ErrorAlert error={passwordError} testId="password-error" />
              </div>
            )}
            <Form<PasswordForm>
              form={form}
              layout="vertical"
              onFinish={changePassword}
              onValuesChange={() => passwordError !== null && setPasswordError(null)}
            >
              <Form.Item
                name="currentPassword"
                label={t('account.currentPassword')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <Input.Password
                  autoComplete="current-password"
                  maxLength={256}
                  data-testid="password-current"
                />
              </Form.Item>
              <Form.Item
                name="newPassword"
                label={t('account.newPassword')}
                extra={t('account.passwordHint')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <Input.Password autoComplete="new-password" maxLength={256} data-testid="password-new" />
              </Form.Item>
              <Form.Item
                name="confirmPassword"
                label={t('account.confirmPassword')}
                dependencies={['newPassword']}
                rules={[
                  { required: true, message: t('form.required') },
                  sameAsFieldRule('newPassword', t('account.passwordMismatch')),
                ]}
              >
                <Input.Password autoComplete="new-password" maxLength={256} data-testid="password-confirm" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={saving} data-testid="password-submit">
                {t('account.passwordChange')}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
