import { useState } from 'react';
import { Button, Card, Form, Input, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { MfaCodeInput, SessionInfo } from '@safegrid/contracts';
import { apiFetch } from '../shell/api';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useI18n } from '../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { isPlausibleMfaCode, normaliseMfaCode } from './identityModel';
import { useSession } from './SessionProvider';

/** The second step of signing in: a six-digit code from the authenticator, or a recovery code. */
export default function MfaChallengePage() {
  const { t } = useI18n();
  useDocumentTitle(t('mfa.challengeTitle'));
  const { setSession, signOut } = useSession();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [form] = Form.useForm<MfaCodeInput>();

  const submit = async (values: MfaCodeInput) => {
    setError(null);
    setSubmitting(true);
    try {
      const session = await apiFetch<SessionInfo>('/api/auth/mfa/verify', {
        method: 'POST',
        json: { code: normaliseMfaCode(values.code) },
      });
      setSession(session);
    } catch (e) {
      setError(e);
      form.setFieldValue('code', '');
      setSubmitting(false);
    }
  };

  return (
    <Card className="sg-auth-card" data-testid="mfa-challenge-page">
      <Typography.Title level={3} className="sg-page-title">
        <SafetyCertificateOutlined /> {t('mfa.challengeTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('mfa.challengeHint')}</Typography.Paragraph>
      {error !== null && (
        <div className="sg-auth-alert">
          <ErrorAlert error={error} testId="mfa-error" />
        </div>
      )}
      <Form<MfaCodeInput> form={form} layout="vertical" onFinish={submit} requiredMark={false}>
        <Form.Item
          name="code"
          label={t('mfa.code')}
          extra={t('mfa.recoveryHint')}
          rules={[
            {
              validator: (_rule, value: string | undefined) =>
                isPlausibleMfaCode(normaliseMfaCode(value ?? ''))
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('mfa.codeFormat'))),
            },
          ]}
        >
          <Input
            autoComplete="one-time-code"
            autoFocus
            maxLength={40}
            placeholder={t('mfa.codePlaceholder')}
            data-testid="mfa-code"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={submitting} data-testid="mfa-submit">
          {t('mfa.submit')}
        </Button>
      </Form>
      <Typography.Paragraph className="sg-auth-footer">
        <Button type="link" size="small" onClick={() => void signOut().catch(() => undefined)}>
          {t('mfa.otherAccount')}
        </Button>
      </Typography.Paragraph>
    </Card>
  );
}
