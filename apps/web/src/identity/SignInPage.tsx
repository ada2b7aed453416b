import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { SessionInfo, SignInInput } from '@safegrid/contracts';
import { apiFetch } from '../shell/api';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useI18n } from '../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { useSession } from './SessionProvider';

/** Username and password; the route guard then sends the session on by its stage. */
export default function SignInPage() {
  const { t } = useI18n();
  useDocumentTitle(t('signIn.title'));
  const { setSession } = useSession();
  const [searchParams] = useSearchParams();
  const expired = searchParams.get('expired') === '1';
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [form] = Form.useForm<SignInInput>();

  const submit = async (values: SignInInput) => {
    setError(null);
    setSubmitting(true);
    try {
      const session = await apiFetch<SessionInfo>('/api/auth/sign-in', {
        method: 'POST',
        json: { username: values.username.trim(), password: values.password },
      });
      setSession(session);
    } catch (e) {
      setError(e);
      form.setFieldValue('password', '');
      setSubmitting(false);
    }
  };

  return (
    <Card className="sg-auth-card" data-testid="sign-in-page">
      <Typography.Title level={3} className="sg-page-title">
        {t('signIn.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('signIn.subtitle')}</Typography.Paragraph>
      {expired && error === null && (
        <Alert
          type="warning"
          showIcon
          className="sg-auth-alert"
          data-testid="session-expired"
          title={t('signIn.expired')}
        />
      )}
      {error !== null && (
        <div className="sg-auth-alert">
          <ErrorAlert error={error} testId="sign-in-error" />
        </div>
      )}
      <Form<SignInInput> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="username"
          label={t('signIn.username')}
          rules={[{ required: true, whitespace: true, message: t('signIn.usernameRequired') }]}
        >
          <Input
            prefix={<UserOutlined />}
            autoComplete="username"
            autoFocus
            maxLength={64}
            data-testid="sign-in-username"
          />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('signIn.password')}
          rules={[{ required: true, message: t('signIn.passwordRequired') }]}
        >
          <Input.Password
            prefix={<LockOutlined />}
            autoComplete="current-password"
            maxLength={256}
            data-testid="sign-in-password"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="sign-in-submit">
          {t('signIn.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" className="sg-auth-footer">
        {t('signIn.registerHint')}{' '}
        <Link to="/register" data-testid="register-link">
          {t('signIn.register')}
        </Link>
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" className="sg-auth-footer">
        {t('tip.signInHint')}{' '}
        <Link to="/tips/new" data-testid="tip-public-link">
          {t('tip.newLink')}
        </Link>
        {' · '}
        <Link to="/tips" data-testid="tip-lookup-public-link">
          {t('tip.lookup')}
        </Link>
      </Typography.Paragraph>
    </Card>
  );
}
