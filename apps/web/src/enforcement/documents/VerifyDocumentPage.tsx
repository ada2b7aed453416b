import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button, Card, Descriptions, Input, Result, Spin, Typography } from 'antd';
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import type { OfficialDocumentVerification } from '@safegrid/contracts';
import { ApiError, isAbortError } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { verifyDocument, verifyPagePath } from './documentsApi';
import { isVerificationCode, normaliseVerificationCode } from './documentModel';
import './documents.css';

type Check =
  | { status: 'idle' }
  | { status: 'loading'; code: string }
  | { status: 'found'; code: string; document: OfficialDocumentVerification }
  | { status: 'not_found'; code: string }
  | { status: 'error'; code: string; error: unknown };

/**
 * 文书核验 (`/documents/verify/:code`, public, no sign-in): whoever holds a printed document types
 * (or scans) its verification code and sees whether the platform issued it — number, title,
 * dates, agency and the PDF's SHA-256, never its content.
 */
export default function VerifyDocumentPage() {
  const { t, formatDateTime } = useI18n();
  useDocumentTitle(t('verify.title'));
  const navigate = useNavigate();
  const params = useParams();
  const code = normaliseVerificationCode(params.code ?? '');
  const [draft, setDraft] = useState(code);
  const [check, setCheck] = useState<Check>({ status: 'idle' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => setDraft(code), [code]);

  useEffect(() => {
    if (!code) {
      setCheck({ status: 'idle' });
      return;
    }
    // A code that cannot be one is not sent: the answer would be the same 404.
    if (!isVerificationCode(code)) {
      setCheck({ status: 'not_found', code });
      return;
    }
    const controller = new AbortController();
    setCheck({ status: 'loading', code });
    verifyDocument(code, controller.signal).then(
      (document) => setCheck({ status: 'found', code, document }),
      (error: unknown) => {
        if (isAbortError(error)) return;
        if (error instanceof ApiError && error.status === 404) setCheck({ status: 'not_found', code });
        else setCheck({ status: 'error', code, error });
      },
    );
    return () => controller.abort();
  }, [code, generation]);

  const submit = () => {
    const next = normaliseVerificationCode(draft);
    if (!next) return;
    if (next === code) setGeneration((g) => g + 1);
    else navigate(verifyPagePath(next));
  };

  return (
    <Card className="sg-auth-card sg-auth-card-wide" data-testid="verify-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        <SafetyCertificateOutlined /> {t('verify.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('verify.intro')}</Typography.Paragraph>
      <form
        className="sg-verify-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Input
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder={t('verify.placeholder')}
          aria-label={t('verify.code')}
          maxLength={64}
          allowClear
          autoComplete="off"
          spellCheck={false}
          data-testid="verify-code-input"
        />
        <Button
          type="primary"
          htmlType="submit"
          icon={<SearchOutlined />}
          disabled={normaliseVerificationCode(draft) === ''}
          data-testid="verify-submit"
        >
          {t('verify.submit')}
        </Button>
      </form>

      {check.status === 'loading' && (
        <div className="sg-center">
          <Spin />
        </div>
      )}
      {check.status === 'error' && (
        <ErrorAlert error={check.error} onRetry={() => setGeneration((g) => g + 1)} />
      )}
      {check.status === 'not_found' && (
        <Result
          status="error"
          title={t('verify.notFound')}
          subTitle={t('verify.notFoundHint', { code: check.code })}
          data-testid="verify-result"
          data-found="false"
          data-code={check.code}
        />
      )}
      {check.status === 'found' && (
        <div data-testid="verify-result" data-found="true" data-code={check.code}>
          <Result
            status="success"
            title={t('verify.found')}
            subTitle={t('verify.foundHint')}
            style={{ padding: '16px 0' }}
          />
          <Descriptions
            size="small"
            bordered
            column={1}
            items={[
              {
                key: 'number',
                label: t('document.number'),
                children: <span data-testid="verify-number">{check.document.number}</span>,
              },
              { key: 'title', label: t('verify.docTitle'), children: check.document.title },
              { key: 'date', label: t('document.date'), children: check.document.documentDate },
              {
                key: 'issuedAt',
                label: t('document.issuedAt'),
                children: formatDateTime(check.document.issuedAt),
              },
              { key: 'agency', label: t('document.agency'), children: check.document.agency },
              {
                key: 'sha256',
                label: t('document.sha256'),
                children: (
                  <span className="sg-document-digest" data-testid="verify-sha256">
                    {check.document.sha256}
                  </span>
                ),
              },
            ]}
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12, marginBottom: 0 }}>
            {t('verify.sha256Hint')}
          </Typography.Paragraph>
        </div>
      )}
    </Card>
  );
}
