import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Card, Descriptions, Empty, Result, Spin, Table, Typography } from 'antd';
import { AuditOutlined } from '@ant-design/icons';
import type { PublicEnforcementPlan } from '@safegrid/contracts';
import { ApiError, isAbortError } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { fetchPublicPlan } from './plansApi';
import { usePlanPeriod } from './PlanBits';
import './plans.css';

/**
 * 一公开 (`/public/enforcement-plans/:id`, no sign-in): the enterprises drawn at random, the
 * draw's seed and digests, and how many further targets the plan has by risk or referral.
 */
export default function PublicPlanPage() {
  const { id = '' } = useParams();
  const { t, formatDateTime } = useI18n();
  useDocumentTitle(t('plan.publicTitle'));
  const period = usePlanPeriod();
  const [state, setState] = useState<{
    plan: PublicEnforcementPlan | null;
    error: unknown;
    loading: boolean;
  }>({
    plan: null,
    error: null,
    loading: true,
  });

  useEffect(() => {
    const controller = new AbortController();
    setState({ plan: null, error: null, loading: true });
    fetchPublicPlan(id, controller.signal).then(
      (plan) => setState({ plan, error: null, loading: false }),
      (error: unknown) => {
        if (!isAbortError(error)) setState({ plan: null, error, loading: false });
      },
    );
    return () => controller.abort();
  }, [id]);

  const { plan, error, loading } = state;
  return (
    <Card className="sg-auth-card sg-auth-card-wide" data-testid="public-plan-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        <AuditOutlined /> {t('plan.publicTitle')}
      </Typography.Title>
      {loading && <Spin />}
      {error instanceof ApiError && error.status === 404 && (
        <Result status="404" title={t('plan.publicNotFound')} data-testid="public-plan-not-found" />
      )}
      {error !== null && !(error instanceof ApiError && error.status === 404) && <ErrorAlert error={error} />}
      {plan && (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('plan.agency')}>{plan.agency}</Descriptions.Item>
            <Descriptions.Item label={t('plan.title')}>{plan.title}</Descriptions.Item>
            <Descriptions.Item label={t('plan.period')}>{period(plan)}</Descriptions.Item>
            <Descriptions.Item label={t('plan.publishedAt')}>
              {formatDateTime(plan.publishedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('plan.seed')}>
              <span className="sg-plan-seed" data-testid="public-plan-seed">
                {plan.draw.seed}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('plan.algorithm')}>{plan.draw.algorithm}</Descriptions.Item>
            <Descriptions.Item label={t('plan.candidates')}>
              {t('plan.candidateSummary', { count: plan.draw.candidateCount })}
              <div className="sg-plan-seed">{plan.draw.candidateDigest}</div>
            </Descriptions.Item>
            <Descriptions.Item label={t('plan.drawnAt')}>
              {formatDateTime(plan.draw.drawnAt)}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
            {t('plan.publicExplain', { others: plan.otherTargetCount })}
          </Typography.Paragraph>
          {plan.enterprises.length === 0 ? (
            <Empty description={t('plan.publicNoRandom')} />
          ) : (
            <Table
              rowKey="creditCode"
              size="small"
              pagination={false}
              dataSource={plan.enterprises}
              columns={[
                { title: t('plan.enterprise'), dataIndex: 'name', key: 'name' },
                { title: t('plan.creditCode'), dataIndex: 'creditCode', key: 'creditCode' },
              ]}
              data-testid="public-plan-enterprises"
            />
          )}
        </>
      )}
    </Card>
  );
}
