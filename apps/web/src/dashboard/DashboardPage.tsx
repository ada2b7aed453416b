import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Card, Col, Progress, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import type { Health, JurisdictionNode } from '@safegrid/contracts';
import { apiGet, isAbortError } from '../shell/api';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useI18n } from '../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { useJurisdictionTree } from '../grid/jurisdiction/useJurisdictionTree';
import { summariseJurisdictions } from './summary';

const HEALTH_COLORS: Record<Health['status'], string> = { up: 'success', degraded: 'warning', down: 'error' };

function useHealth(): { health: Health | null; error: unknown } {
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    const poll = () =>
      apiGet<Health>('/api/health', { signal: controller.signal, acceptStatuses: [503] }).then(
        (h) => {
          setHealth(h);
          setError(null);
        },
        (e: unknown) => {
          if (!isAbortError(e)) setError(e);
        },
      );
    void poll();
    const timer = setInterval(poll, 15_000);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, []);
  return { health, error };
}

export default function DashboardPage() {
  const { t, formatNumber } = useI18n();
  useDocumentTitle(t('nav.dashboard'));
  const tree = useJurisdictionTree();
  const { health, error: healthError } = useHealth();
  const summary = useMemo(() => (tree.data ? summariseJurisdictions(tree.data.nodes) : null), [tree.data]);

  return (
    <div data-testid="dashboard">
      <Typography.Title level={4} className="sg-page-title">
        {t('dashboard.title')}
      </Typography.Title>
      {tree.error !== null && <ErrorAlert error={tree.error} />}
      {tree.loading && (
        <div className="sg-center">
          <Spin />
        </div>
      )}
      {summary && (
        <Row gutter={[16, 16]}>
          <Col xs={24}>
            <Card size="small">
              <Space size={40} wrap>
                <Statistic
                  title={t('dashboard.enterprises')}
                  value={summary.totalEnterprises}
                  data-testid="dashboard-total"
                />
                <Statistic title={t('level.district')} value={summary.counts.district} />
                <Statistic title={t('level.street')} value={summary.counts.street} />
                <Statistic title={t('level.community')} value={summary.counts.community} />
                <Statistic title={t('level.grid')} value={summary.counts.grid} />
              </Space>
            </Card>
          </Col>
          <Col xs={24} lg={16}>
            <Card size="small" title={t('dashboard.byDistrict')}>
              <Table<JurisdictionNode>
                data-testid="dashboard-districts"
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={summary.districts}
                columns={[
                  {
                    key: 'name',
                    title: t('level.district'),
                    render: (_, d) => (
                      <Space size={4}>
                        <Link to={`/enterprises?jurisdictionId=${encodeURIComponent(d.id)}`}>{d.name}</Link>
                        {d.isFunctional && <Tag>{t('dashboard.functional')}</Tag>}
                      </Space>
                    ),
                  },
                  {
                    key: 'count',
                    title: t('dashboard.enterprises'),
                    align: 'right',
                    width: 110,
                    render: (_, d) => formatNumber(d.enterpriseCount),
                  },
                  {
                    key: 'bar',
                    title: t('dashboard.share'),
                    responsive: ['sm'],
                    render: (_, d) => (
                      <Progress
                        percent={
                          summary.maxDistrict > 0 ? (d.enterpriseCount / summary.maxDistrict) * 100 : 0
                        }
                        showInfo={false}
                        size="small"
                      />
                    ),
                  },
                ]}
              />
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {t('dashboard.functionalNote')}
              </Typography.Paragraph>
            </Card>
          </Col>
          <Col xs={24} lg={8}>
            <Card size="small" title={t('dashboard.health')} data-testid="dashboard-health">
              {healthError !== null && <ErrorAlert error={healthError} />}
              {health && (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Space>
                    <Tag
                      color={HEALTH_COLORS[health.status]}
                      data-testid="health-status"
                      data-status={health.status}
                    >
                      {t(`health.${health.status}`)}
                    </Tag>
                    <Typography.Text type="secondary">
                      {t('dashboard.version', { version: health.version })} ·{' '}
                      {t('dashboard.uptime', {
                        minutes: formatNumber(Math.floor(health.uptimeSeconds / 60)),
                      })}
                    </Typography.Text>
                  </Space>
                  {Object.entries(health.components).map(([name, c]) => (
                    <div key={name} className="sg-legend-row" data-testid="health-component">
                      <Tag color={HEALTH_COLORS[c.status]}>{t(`health.${c.status}`)}</Tag>
                      <span>{name}</span>
                    </div>
                  ))}
                </Space>
              )}
            </Card>
          </Col>
        </Row>
      )}
    </div>
  );
}
