import { Link, useParams } from 'react-router';
import { Button, Card, Descriptions, Input, Result, Spin, Tag, Timeline, Typography } from 'antd';
import { NotificationOutlined, SearchOutlined } from '@ant-design/icons';
import type { TipStatus } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { usePublicCodeLookup } from '../../shell/usePublicCodeLookup';
import { DISPATCH_STATUS_COLORS } from '../dispatch/dispatchModel';
import { TIP_NEW_PATH, fetchTipStatus, tipStatusPath } from './tipsApi';
import { groupTrackingCode, isTrackingCode, normaliseTrackingCode, sortedTimeline } from './tipModel';
import './tips.css';

/**
 * 举报进度 (`/tips/:trackingCode`, `/tips`; public, no sign-in): the reporter types the tracking
 * code and sees the status and when each step happened — nothing else (the API gives nothing else).
 */
export default function TipStatusPage() {
  const { t, formatDateTime } = useI18n();
  useDocumentTitle(t('tip.statusTitle'));
  const params = useParams();
  const code = normaliseTrackingCode(params.trackingCode ?? '');
  const { draft, setDraft, lookup, submit, retry } = usePublicCodeLookup<TipStatus>({
    code,
    normalise: normaliseTrackingCode,
    isCode: isTrackingCode,
    fetch: fetchTipStatus,
    pathOf: tipStatusPath,
  });

  return (
    <Card className="sg-auth-card sg-auth-card-wide" data-testid="tip-status-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        <SearchOutlined /> {t('tip.statusTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('tip.statusIntro')}</Typography.Paragraph>
      <form
        className="sg-tip-lookup"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Input
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder={t('tip.codePlaceholder')}
          aria-label={t('tip.trackingCode')}
          maxLength={32}
          allowClear
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          data-testid="tip-code-input"
        />
        <Button
          type="primary"
          htmlType="submit"
          icon={<SearchOutlined />}
          disabled={normaliseTrackingCode(draft) === ''}
          data-testid="tip-code-submit"
        >
          {t('tip.lookup')}
        </Button>
      </form>

      {lookup.status === 'loading' && (
        <div className="sg-center">
          <Spin />
        </div>
      )}
      {lookup.status === 'error' && <ErrorAlert error={lookup.error} onRetry={retry} />}
      {lookup.status === 'not_found' && (
        <Result
          status="warning"
          title={t('tip.notFound')}
          subTitle={t('tip.notFoundHint', { code: lookup.code })}
          data-testid="tip-status-result"
          data-found="false"
        />
      )}
      {lookup.status === 'found' && (
        <div data-testid="tip-status-result" data-found="true" data-code={lookup.result.trackingCode}>
          <Descriptions
            size="small"
            bordered
            column={1}
            className="sg-tip-status-facts"
            items={[
              {
                key: 'code',
                label: t('tip.trackingCode'),
                children: (
                  <span className="sg-tip-code-inline">{groupTrackingCode(lookup.result.trackingCode)}</span>
                ),
              },
              {
                key: 'status',
                label: t('tip.currentStatus'),
                children: (
                  <Tag
                    color={DISPATCH_STATUS_COLORS[lookup.result.status]}
                    data-testid="tip-status"
                    data-status={lookup.result.status}
                  >
                    {t(`dispatch.status.${lookup.result.status}`)}
                  </Tag>
                ),
              },
              {
                key: 'submitted',
                label: t('tip.submittedAt'),
                children: formatDateTime(lookup.result.submittedAt),
              },
            ]}
          />
          <Typography.Paragraph className="sg-tip-status-hint" data-testid="tip-status-hint">
            {t(`tip.statusHint.${lookup.result.status}`)}
          </Typography.Paragraph>
          <Typography.Title level={5}>{t('tip.timeline')}</Typography.Title>
          <Timeline
            data-testid="tip-timeline"
            items={sortedTimeline(lookup.result.timeline).map((step, i) => ({
              key: `${i}`,
              color: DISPATCH_STATUS_COLORS[step.status] === 'default' ? 'gray' : 'blue',
              content: (
                <div data-testid="tip-timeline-step" data-status={step.status}>
                  <strong>{t(`dispatch.status.${step.status}`)}</strong>
                  <div className="sg-tip-small">{formatDateTime(step.at)}</div>
                </div>
              ),
            }))}
          />
          <Typography.Paragraph type="secondary" className="sg-tip-small">
            {t('tip.publicOnly')}
          </Typography.Paragraph>
        </div>
      )}
      <Typography.Paragraph className="sg-auth-footer">
        <NotificationOutlined />{' '}
        <Link to={TIP_NEW_PATH} data-testid="tip-new-link">
          {t('tip.newLink')}
        </Link>
      </Typography.Paragraph>
    </Card>
  );
}
