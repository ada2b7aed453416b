import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Form, Input, Result, Space, Spin, Steps, Typography } from 'antd';
import { CopyOutlined, DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { MfaConfirmed, MfaEnrolment } from '@safegrid/contracts';
import { apiFetch } from '../shell/api';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useI18n } from '../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import {
  isTotpCode,
  normaliseMfaCode,
  recoveryCodesFileName,
  recoveryCodesText,
  svgDataUrl,
} from './identityModel';
import { ACCOUNT_PATH, homePath, safeNext } from './session';
import { useSession, useSignedIn } from './SessionProvider';

/**
 * Enrolling a TOTP second factor: a new secret (QR code and text), confirmation with a first
 * code, then the recovery codes, shown once, until the user says they are saved.
 */
export default function MfaEnrolPage() {
  const { t } = useI18n();
  useDocumentTitle(t('mfaEnrol.title'));
  const session = useSignedIn();
  // Decided on arrival: confirming enrolment updates the session while the codes are still shown.
  const [alreadyEnabled] = useState(() => session.stage === 'active' && session.user.mfaEnabled);
  const [requiredAtSignIn] = useState(() => session.stage === 'mfa_enrolment');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);

  return (
    <Card className="sg-auth-card sg-auth-card-wide" data-testid="mfa-enrol-page">
      <Typography.Title level={3} className="sg-page-title">
        <SafetyCertificateOutlined /> {t('mfaEnrol.title')}
      </Typography.Title>
      {alreadyEnabled && recoveryCodes === null ? (
        <Result
          status="success"
          title={t('mfaEnrol.alreadyEnabled')}
          subTitle={t('mfaEnrol.alreadyEnabledHint')}
          extra={
            <Link to={ACCOUNT_PATH}>
              <Button type="primary">{t('mfaEnrol.backToAccount')}</Button>
            </Link>
          }
        />
      ) : recoveryCodes === null ? (
        <Enrol onConfirmed={setRecoveryCodes} />
      ) : (
        <RecoveryCodes codes={recoveryCodes} requiredAtSignIn={requiredAtSignIn} />
      )}
    </Card>
  );
}

function Enrol({ onConfirmed }: { onConfirmed(codes: string[]): void }) {
  const { t } = useI18n();
  const { session, setSession } = useSession();
  const [enrolment, setEnrolment] = useState<MfaEnrolment | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [attempt, setAttempt] = useState(0);
  const pending = useRef<Promise<MfaEnrolment> | null>(null);
  const [confirmError, setConfirmError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [form] = Form.useForm<{ code: string }>();

  // One POST per attempt, even when development mode runs effects twice.
  useEffect(() => {
    if (!pending.current) {
      pending.current = apiFetch<MfaEnrolment>('/api/auth/mfa/enrolment', { method: 'POST' });
    }
    let live = true;
    pending.current.then(
      (e) => live && setEnrolment(e),
      (e: unknown) => live && setLoadError(e),
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  const retry = () => {
    pending.current = null;
    setLoadError(null);
    setEnrolment(null);
    setAttempt((a) => a + 1);
  };

  const confirm = async ({ code }: { code: string }) => {
    setConfirmError(null);
    setSubmitting(true);
    try {
      const result = await apiFetch<MfaConfirmed>('/api/auth/mfa/enrolment/confirm', {
        method: 'POST',
        json: { code: normaliseMfaCode(code) },
      });
      setSession(result.session);
      onConfirmed(result.recoveryCodes);
    } catch (e) {
      setConfirmError(e);
      form.setFieldValue('code', '');
    } finally {
      setSubmitting(false);
    }
  };

  if (loadError !== null) return <ErrorAlert error={loadError} onRetry={retry} />;
  if (!enrolment) {
    return (
      <div className="sg-center">
        <Spin />
      </div>
    );
  }
  return (
    <>
      {session?.stage === 'mfa_enrolment' && (
        <Alert type="info" showIcon className="sg-auth-alert" title={t('mfaEnrol.requiredNotice')} />
      )}
      <Steps
        orientation="vertical"
        size="small"
        current={-1}
        items={[
          { status: 'process', title: t('mfaEnrol.step1'), description: t('mfaEnrol.step1Hint') },
          {
            status: 'process',
            title: t('mfaEnrol.step2'),
            description: (
              <div className="sg-mfa-qr-block">
                <img
                  className="sg-mfa-qr"
                  src={svgDataUrl(enrolment.qrSvg)}
                  alt={t('mfaEnrol.qrAlt')}
                  width={200}
                  height={200}
                  data-testid="mfa-qr"
                />
                <div>
                  <Typography.Text type="secondary">{t('mfaEnrol.secretLabel')}</Typography.Text>
                  <div>
                    <Typography.Text code className="sg-mfa-secret">
                      <span data-testid="mfa-secret">{enrolment.secret}</span>
                    </Typography.Text>
                  </div>
                </div>
              </div>
            ),
          },
          {
            status: 'process',
            title: t('mfaEnrol.step3'),
            description: (
              <>
                {confirmError !== null && (
                  <div className="sg-auth-alert">
                    <ErrorAlert error={confirmError} testId="mfa-error" />
                  </div>
                )}
                <Form<{ code: string }> form={form} layout="inline" onFinish={confirm} requiredMark={false}>
                  <Form.Item
                    name="code"
                    rules={[
                      {
                        validator: (_rule, value: string | undefined) =>
                          isTotpCode(normaliseMfaCode(value ?? ''))
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('mfaEnrol.codeFormat'))),
                      },
                    ]}
                  >
                    <Input
                      autoComplete="one-time-code"
                      inputMode="numeric"
                      maxLength={8}
                      style={{ width: 240 }}
                      placeholder={t('mfaEnrol.codePlaceholder')}
                      aria-label={t('mfaEnrol.codePlaceholder')}
                      data-testid="mfa-confirm-code"
                    />
                  </Form.Item>
                  <Button
                    type="primary"
                    htmlType="submit"
                    loading={submitting}
                    data-testid="mfa-confirm-submit"
                  >
                    {t('mfaEnrol.confirm')}
                  </Button>
                </Form>
              </>
            ),
          },
        ]}
      />
    </>
  );
}

function RecoveryCodes({ codes, requiredAtSignIn }: { codes: string[]; requiredAtSignIn: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const session = useSignedIn();
  const text = recoveryCodesText(codes, t('mfaEnrol.codesFileHeading', { username: session.user.username }));

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      message.success(t('common.copied'));
    } catch {
      message.error(t('common.copyFailed'));
    }
  };

  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = recoveryCodesFileName(session.user.username);
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const proceed = () => {
    const next = safeNext(searchParams.get('next'));
    navigate(next ?? (requiredAtSignIn ? homePath(session) : ACCOUNT_PATH), { replace: true });
  };

  return (
    <>
      <Alert type="success" showIcon className="sg-auth-alert" title={t('mfaEnrol.done')} />
      <Typography.Title level={5}>{t('mfaEnrol.codesTitle')}</Typography.Title>
      <Alert type="warning" showIcon className="sg-auth-alert" title={t('mfaEnrol.codesHint')} />
      <ol className="sg-recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <Space wrap>
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="recovery-codes-copy">
          {t('common.copy')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={download} data-testid="recovery-codes-download">
          {t('common.download')}
        </Button>
        <Button type="primary" onClick={proceed} data-testid="recovery-codes-saved">
          {t('mfaEnrol.saved')}
        </Button>
      </Space>
    </>
  );
}
