import { useParams } from 'react-router';
import { Button, Card, Descriptions, Input, Result, Spin, Typography } from 'antd';
import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import type { OfficialDocumentVerification } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { usePublicCodeLookup } from '../../shell/usePublicCodeLookup';
import { verifyDocument, verifyPagePath } from './documentsApi';
import { isVerificationCode, normaliseVerificationCode } from './documentModel';
import './documents.css';

/**
 * 文书核验 (`/documents/verify/:code`, public, no sign-in): whoever holds a printed document types
 * (or scans) its verification code and sees whether the platform issued it — number, title,
 * dates, agency and the PDF's SHA-256, never its content.
 */
export default function VerifyDocumentPage() {
  const { t, formatDateTime } = useI18n();
  useDocumentTitle(t('verify.title'));
  const params = useParams();
  const code = normaliseVerificationCode(params.code ?? '');
  const {
    draft,
    setDraft,
    lookup: check,
    submit,
    retry,
  } = usePublicCodeLookup<OfficialDocumentVerification>({
    code,
    normalise: normaliseVerificationCode,
    isCode: isVerificationCode,
    fetch: verifyDocument,
    pathOf: verifyPagePath,
  });

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
      {check.status === 'error' && <ErrorAlert error={check.error} onRetry={retry} />}
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
                children: <span data-testid="verify-number">{check.result.number}</span>,
              },
              { key: 'title', label: t('verify.docTitle'), children: check.result.title },
              { key: 'date', label: t('document.date'), children: check.result.documentDate },
              {
                key: 'issuedAt',
                label: t('document.issuedAt'),
                children: formatDateTime(check.result.issuedAt),
              },
              { key: 'agency', label: t('document.agency'), children: check.result.agency },
              {
                key: 'sha256',
                label: t('document.sha256'),
                children: (
                  <span className="sg-document-digest" data-testid="verify-sha256">
                    {check.result.sha256}
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
