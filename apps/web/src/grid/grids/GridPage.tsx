import { useMemo, type HTMLAttributes } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Breadcrumb, Button, Card, Col, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import type { EnterpriseSummary, GridDetail } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { asGeometry } from '../common/geo';
import { InspectorTable } from '../common/InspectorTable';
import { STATUS_TAG_COLORS } from '../common/labels';
import { MiniMap, type MiniMapPoint } from '../common/MiniMap';
import { NotFoundOrError } from '../common/NotFoundOrError';
import { useApiGet } from '../common/useApi';

export default function GridPage() {
  const { id = '' } = useParams();
  const { t, formatNumber } = useI18n();
  const navigate = useNavigate();
  const detail = useApiGet<GridDetail>(`/api/grids/${encodeURIComponent(id)}`);
  const g = detail.data;
  useDocumentTitle(g?.grid.name ?? t('nav.grids'));

  const points = useMemo<MiniMapPoint[]>(
    () =>
      (g?.enterprises ?? []).map((e) => ({
        id: e.id,
        name: e.name,
        lon: e.location[0],
        lat: e.location[1],
        status: e.status,
      })),
    [g],
  );
  const boundary = useMemo(() => asGeometry(g?.boundary), [g]);

  if (detail.error) return <NotFoundOrError error={detail.error} onRetry={detail.reload} backTo="/grids" />;
  if (!g) {
    return (
      <div className="sg-center">
        <Spin />
      </div>
    );
  }
  const ancestors = g.path.filter((n) => n.id !== g.grid.id && n.level !== 'city');

  return (
    <div data-testid="grid-detail" data-id={g.grid.id}>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        data-testid="grid-path"
        items={[
          { key: 'index', title: <Link to="/grids">{t('nav.grids')}</Link> },
          ...ancestors.map((n) => ({
            key: n.id,
            title: <Link to={`/grids?node=${encodeURIComponent(n.id)}`}>{n.name}</Link>,
          })),
          { key: g.grid.id, title: g.grid.name },
        ]}
      />
      <div className="sg-toolbar">
        <Typography.Title
          level={3}
          className="sg-page-title"
          style={{ marginBottom: 0 }}
          data-testid="grid-name"
        >
          {g.grid.name}
        </Typography.Title>
        {g.grid.boundarySynthetic && (
          <Tag color="warning" data-testid="grid-synthetic">
            {t('grids.syntheticBoundary')}
          </Tag>
        )}
      </div>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('grids.map')}>
            <MiniMap testId="grid-map" boundary={boundary} points={points} height={380} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small">
              <Space size={32} wrap>
                <Statistic
                  title={t('grids.enterpriseTotal')}
                  value={g.enterpriseTotal}
                  data-testid="grid-enterprise-total"
                />
                <Statistic title={t('grids.inspectorCount')} value={g.inspectors.length} />
              </Space>
            </Card>
            <Card size="small" title={t('detail.inspectors')}>
              <InspectorTable inspectors={g.inspectors} testId="grid-inspectors" />
            </Card>
          </Space>
        </Col>
        <Col xs={24}>
          <Card
            size="small"
            title={t('grids.enterprises')}
            extra={
              <Link
                to={`/enterprises?jurisdictionId=${encodeURIComponent(g.grid.id)}`}
                data-testid="grid-all-enterprises"
              >
                <Button size="small">{t('grids.allInList')}</Button>
              </Link>
            }
          >
            {g.enterpriseTotal > g.enterprises.length && (
              <Typography.Paragraph type="secondary">
                {t('grids.firstN', {
                  shown: formatNumber(g.enterprises.length),
                  total: formatNumber(g.enterpriseTotal),
                })}
              </Typography.Paragraph>
            )}
            <Table<EnterpriseSummary>
              size="small"
              rowKey="id"
              dataSource={g.enterprises}
              pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
              scroll={{ x: 'max-content' }}
              onRow={(r) =>
                ({
                  'data-testid': 'grid-enterprise-row',
                  style: { cursor: 'pointer' },
                  onClick: () => navigate(`/enterprises/${encodeURIComponent(r.id)}`),
                }) as HTMLAttributes<HTMLElement>
              }
              columns={[
                {
                  key: 'name',
                  title: t('attr.name'),
                  render: (_, e) => (
                    <Link
                      to={`/enterprises/${encodeURIComponent(e.id)}`}
                      onClick={(ev) => ev.stopPropagation()}
                    >
                      {e.name}
                    </Link>
                  ),
                },
                { key: 'address', title: t('attr.address'), dataIndex: 'address', responsive: ['md'] },
                {
                  key: 'category',
                  title: t('attr.gongmaoCategory'),
                  render: (_, e) => t(`category.${e.gongmaoCategory}`),
                },
                {
                  key: 'status',
                  title: t('attr.status'),
                  render: (_, e) => <Tag color={STATUS_TAG_COLORS[e.status]}>{t(`status.${e.status}`)}</Tag>,
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
