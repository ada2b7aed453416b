import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Form, Input, Result, Typography } from 'antd';
import type { Registration, RegistrationInput } from '@safegrid/contracts';
import { apiFetch } from '../shell/api';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useI18n } from '../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { formFieldErrors, sameAsFieldRule } from './identityModel';

interface RegisterForm extends RegistrationInput {
  confirmPassword: string;
}

const FORM_FIELDS = new Set(['creditCode', 'username', 'displayName', 'phone', 'password']);

/** Public self-registration of an enterprise account; a street officer approves it. */
export default function RegisterPage() {
  const { t, describeError } = useI18n();
  useDocumentTitle(t('register.title'));
  const [form] = Form.useForm<RegisterForm>();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [done, setDone] = useState<Registration | null>(null);

  const submit = async (values: RegisterForm) => {
    setError(null);
    setSubmitting(true);
    try {
      const registration = await apiFetch<Registration>('/api/auth/registrations', {
        method: 'POST',
        json: {
          creditCode: values.creditCode.trim().toUpperCase(),
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          phone: values.phone.trim(),
          password: values.password,
        } satisfies RegistrationInput,
      });
      setDone(registration);
    } catch (e) {
      setError(e);
      const fields = formFieldErrors(describeError(e), FORM_FIELDS, 'password', {
        code: 'registration.enterprise_unknown',
        field: 'creditCode',
      });
      form.setFields(fields.map((f) => ({ name: f.name as keyof RegisterForm, errors: f.errors })));
    } finally {
      setSubmitting(false);
    }
  };

  if (done) {
    return (
      <Card className="sg-auth-card" data-testid="register-page">
        <Result
          status="success"
          data-testid="register-done"
          title={t('register.doneTitle')}
          subTitle={t('register.doneBody', { enterprise: done.enterprise.name, street: done.streetName })}
          extra={
            <Link to="/sign-in">
              <Button type="primary">{t('register.backToSignIn')}</Button>
            </Link>
          }
        />
      </Card>
    );
  }

  const required = [{ required: true, whitespace: true, message: t('form.required') }];
  return (
    <Card className="sg-auth-card sg-auth-card-wide" data-testid="register-page">
      <Typography.Title level={3} className="sg-page-title">
        {t('register.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('register.intro')}</Typography.Paragraph>
      {error !== null && (
        <div className="sg-auth-alert">
          <ErrorAlert error={error} testId="register-error" />
        </div>
      )}
      <Form<RegisterForm> form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="creditCode"
          label={t('attr.creditCode')}
          extra={t('form.creditCodeHint')}
          rules={required}
        >
          <Input maxLength={40} autoComplete="off" data-testid="register-creditCode" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('register.displayName')}
          extra={t('register.displayNameHint')}
          rules={required}
        >
          <Input maxLength={64} autoComplete="name" data-testid="register-displayName" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('register.phone')}
          rules={[...required, { min: 5, max: 20, message: t('register.phoneInvalid') }]}
        >
          <Input maxLength={20} autoComplete="tel" inputMode="tel" data-testid="register-phone" />
        </Form.Item>
        <Form.Item
          name="username"
          label={t('register.username')}
          extra={t('register.usernameHint')}
          rules={[...required, { pattern: /^[A-Za-z0-9._-]{3,64}$/, message: t('register.usernameHint') }]}
        >
          <Input maxLength={64} autoComplete="username" data-testid="register-username" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('register.password')}
          extra={t('account.passwordHint')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input.Password maxLength={256} autoComplete="new-password" data-testid="register-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('account.confirmPassword')}
          dependencies={['password']}
          rules={[
            { required: true, message: t('form.required') },
            sameAsFieldRule('password', t('account.passwordMismatch')),
          ]}
        >
          <Input.Password maxLength={256} autoComplete="new-password" data-testid="register-confirm" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="register-submit">
          {t('register.submit')}
        </Button>
      </Form>
      <Typography.Paragraph type="secondary" className="sg-auth-footer">
        {t('register.haveAccount')} <Link to="/sign-in">{t('register.backToSignIn')}</Link>
      </Typography.Paragraph>
    </Card>
  );
}
