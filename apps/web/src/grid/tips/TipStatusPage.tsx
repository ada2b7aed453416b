import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, Card, Descriptions, Input, Result, Spin, Tag, Timeline, Typography } from 'antd';
import { NotificationOutlined, SearchOutlined } from '@ant-design/icons';
import type { TipStatus } from '@safegrid/contracts';
import { ApiError, isAbortError } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { DISPATCH_STATUS_COLORS } from '../dispatch/dispatchModel';
import { TIP_NEW_PATH, fetchTipStatus, tipStatusPath } from './tipsApi';
import { groupTrackingCode, isTrackingCode, normaliseTrackingCode, sortedTimeline } from './tipModel';
import './tips.css';

type Lookup =
  | { status: 'idle' }
  | { status: 'loading'; code: string }
  | { status: 'found'; code: string; tip: TipStatus }
  | { status: 'not_found'; code: string }
  | { status: 'error'; code: string; error: unknown };

/**
 * 举报进度 (`/tips/:trackingCode`, `/tips`; public, no sign-in): the reporter types the tracking
 * code and sees the status and when each step happened — nothing else (the API gives nothing else).
 */
export default function TipStatusPage() {
  const { t, formatDateTime } = useI18n();
  useDocumentTitle(t('tip.statusTitle'));
  const navigate = useNavigate();
  const params = useParams();
  const code = normaliseTrackingCode(params.trackingCode ?? '');
  const [draft, setDraft] = useState(code);
  const [lookup, setLookup] = useState<Lookup>({ status: 'idle' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => setDraft(code), [code]);

  useEffect(() => {
    if (!code) {
      setLookup({ status: 'idle' });
      return;
    }
    // A code that cannot be one is not sent: the answer would be the same 404.
    if (!isTrackingCode(code)) {
      setLookup({ status: 'not_found', code });
      return;
    }
    const controller = new AbortController();
    setLookup({ status: 'loading', code });
    fetchTipStatus(code, controller.signal).then(
      (tip) => setLookup({ status: 'found', code, tip }),
      (error: unknown) => {
        if (isAbortError(error)) return;
        if (error instanceof ApiError && error.status === 404) setLookup({ status: 'not_found', code });
        else setLookup({ status: 'error', code, error });
      },
    );
    return () => controller.abort();
  }, [code, generation]);

  const submit = () => {
    const next = normaliseTrackingCode(draft);
    if (!next) return;
    if (next === code) setGeneration((g) => g + 1);
    else navigate(tipStatusPath(next));
  };

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
      {lookup.status === 'error' && (
        <ErrorAlert error={lookup.error} onRetry={() => setGeneration((g) => g + 1)} />
      )}
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
        <div data-testid="tip-status-result" data-found="true" data-code={lookup.tip.trackingCode}>
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
                  <span className="sg-tip-code-inline">{groupTrackingCode(lookup.tip.trackingCode)}</span>
                ),
              },
              {
                key: 'status',
                label: t('tip.currentStatus'),
                children: (
                  <Tag
                    color={DISPATCH_STATUS_COLORS[lookup.tip.status]}
                    data-testid="tip-status"
                    data-status={lookup.tip.status}
                  >
                    {t(`dispatch.status.${lookup.tip.status}`)}
                  </Tag>
                ),
              },
              {
                key: 'submitted',
                label: t('tip.submittedAt'),
                children: formatDateTime(lookup.tip.submittedAt),
              },
            ]}
          />
          <Typography.Paragraph className="sg-tip-status-hint" data-testid="tip-status-hint">
            {t(`tip.statusHint.${lookup.tip.status}`)}
          </Typography.Paragraph>
          <Typography.Title level={5}>{t('tip.timeline')}</Typography.Title>
          <Timeline
            data-testid="tip-timeline"
            items={sortedTimeline(lookup.tip.timeline).map((step, i) => ({
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
