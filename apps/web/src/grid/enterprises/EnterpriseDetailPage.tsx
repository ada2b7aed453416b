import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Breadcrumb, Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { EditOutlined, RadarChartOutlined } from '@ant-design/icons';
import type { EnterpriseDetail, GridDetail } from '@safegrid/contracts';
import { useI18n, type MessageKey } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { asGeometry } from '../common/geo';
import { InspectorTable } from '../common/InspectorTable';
import { STATUS_TAG_COLORS } from '../common/labels';
import { MiniMap, type MiniMapPoint } from '../common/MiniMap';
import { NotFoundOrError } from '../common/NotFoundOrError';
import { useApiGet } from '../common/useApi';
import { EnterpriseForm } from './EnterpriseForm';
import { useSession } from '../../identity/SessionProvider';

const PLACEHOLDERS: { key: string; title: MessageKey; body: MessageKey }[] = [
  { key: 'risk', title: 'detail.riskTitle', body: 'detail.riskPending' },
  { key: 'hazards', title: 'detail.hazardsTitle', body: 'detail.hazardsPending' },
  { key: 'enforcement', title: 'detail.enforcementTitle', body: 'detail.enforcementPending' },
];

export default function EnterpriseDetailPage() {
  const { id = '' } = useParams();
  const { t, formatNumber, formatDateTime } = useI18n();
  const { can } = useSession();
  const detail = useApiGet<EnterpriseDetail>(`/api/enterprises/${encodeURIComponent(id)}`);
  const enterprise = detail.data;
  const grid = useApiGet<GridDetail>(
    enterprise ? `/api/grids/${encodeURIComponent(enterprise.gridId)}` : null,
  );
  const [editing, setEditing] = useState(false);
  useDocumentTitle(enterprise?.name ?? t('nav.enterprises'));

  const mapPoints = useMemo<MiniMapPoint[]>(() => {
    if (!enterprise) return [];
    const neighbours = (grid.data?.enterprises ?? [])
      .filter((e) => e.id !== enterprise.id)
      .map((e) => ({ id: e.id, name: e.name, lon: e.location[0], lat: e.location[1], status: e.status }));
    return [
      ...neighbours,
      {
        id: enterprise.id,
        name: enterprise.name,
        lon: enterprise.location[0],
        lat: enterprise.location[1],
        status: enterprise.status,
        highlight: true,
      },
    ];
  }, [enterprise, grid.data]);
  const boundary = useMemo(() => asGeometry(grid.data?.boundary), [grid.data]);

  if (detail.error)
    return <NotFoundOrError error={detail.error} onRetry={detail.reload} backTo="/enterprises" />;
  if (!enterprise) {
    return (
      <div className="sg-center">
        <Spin />
      </div>
    );
  }

  const e = enterprise;
  const items: DescriptionsProps['items'] = [
    {
      key: 'creditCode',
      label: t('attr.creditCode'),
      children: <Typography.Text copyable>{e.creditCode}</Typography.Text>,
    },
    {
      key: 'status',
      label: t('attr.status'),
      children: <Tag color={STATUS_TAG_COLORS[e.status]}>{t(`status.${e.status}`)}</Tag>,
    },
    { key: 'category', label: t('attr.gongmaoCategory'), children: t(`category.${e.gongmaoCategory}`) },
    { key: 'industry', label: t('attr.industry'), children: `${e.industryCode} ${e.industryName}` },
    { key: 'scale', label: t('attr.scale'), children: t(`scale.${e.scale}`) },
    { key: 'employees', label: t('attr.employees'), children: formatNumber(e.employees) },
    { key: 'address', label: t('attr.address'), children: e.address, span: 'filled' },
    {
      key: 'jurisdiction',
      label: t('attr.jurisdiction'),
      span: 'filled',
      children: (
        <Breadcrumb
          data-testid="enterprise-path"
          items={[
            {
              key: 'd',
              title: <Link to={`/grids?node=${encodeURIComponent(e.districtId)}`}>{e.districtName}</Link>,
            },
            {
              key: 's',
              title: <Link to={`/grids?node=${encodeURIComponent(e.streetId)}`}>{e.streetName}</Link>,
            },
            {
              key: 'c',
              title: <Link to={`/grids?node=${encodeURIComponent(e.communityId)}`}>{e.communityName}</Link>,
            },
            {
              key: 'g',
              title: (
                <Link to={`/grids/${encodeURIComponent(e.gridId)}`} data-testid="enterprise-grid-link">
                  {e.gridName}
                </Link>
              ),
            },
          ]}
        />
      ),
    },
    {
      key: 'location',
      label: t('attr.location'),
      children: `${e.location[0].toFixed(6)}, ${e.location[1].toFixed(6)}`,
    },
    { key: 'id', label: t('attr.id'), children: e.id },
    { key: 'createdAt', label: t('attr.createdAt'), children: formatDateTime(e.createdAt) },
    { key: 'updatedAt', label: t('attr.updatedAt'), children: formatDateTime(e.updatedAt) },
  ];

  return (
    <div data-testid="enterprise-detail" data-id={e.id}>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { key: 'list', title: <Link to="/enterprises">{t('nav.enterprises')}</Link> },
          { key: 'this', title: e.name },
        ]}
      />
      <div className="sg-toolbar">
        <Typography.Title
          level={3}
          className="sg-page-title"
          style={{ marginBottom: 0 }}
          data-testid="enterprise-name"
        >
          {e.name}
        </Typography.Title>
        <Space size={4} wrap style={{ flex: 1 }}>
          <Tag color={STATUS_TAG_COLORS[e.status]}>{t(`status.${e.status}`)}</Tag>
          {e.synthetic && (
            <Tag color="warning" data-testid="enterprise-synthetic">
              {t('common.syntheticDemo')}
            </Tag>
          )}
        </Space>
        {can('profile.read') && (
          <Link to={`/profile/enterprises/${encodeURIComponent(e.id)}`} data-testid="enterprise-profile-link">
            <Button icon={<RadarChartOutlined />}>{t('profile.link')}</Button>
          </Link>
        )}
        {e.permissions?.update !== false && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="enterprise-edit">
            {t('common.edit')}
          </Button>
        )}
      </div>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('detail.basics')} size="small">
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
              items={items}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card
            title={t('detail.location')}
            size="small"
            extra={
              <Link to={`/grids/${encodeURIComponent(e.gridId)}`}>
                {t('detail.openGrid', { grid: e.gridName })}
              </Link>
            }
          >
            <MiniMap testId="enterprise-map" boundary={boundary} points={mapPoints} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card title={t('detail.inspectors')} size="small">
            <InspectorTable inspectors={e.inspectors} testId="enterprise-inspectors" />
          </Card>
        </Col>
        {PLACEHOLDERS.map((p) => (
          <Col xs={24} md={8} key={p.key}>
            <Card
              title={t(p.title)}
              size="small"
              data-testid={`placeholder-${p.key}`}
              extra={
                p.key === 'risk' && can('profile.read') ? (
                  <Link to={`/profile/enterprises/${encodeURIComponent(e.id)}`}>{t('detail.riskOpen')}</Link>
                ) : p.key === 'hazards' && can('hazard.read') ? (
                  <Link
                    to={`/grid/hazards?enterpriseId=${encodeURIComponent(e.id)}`}
                    data-testid="enterprise-hazards-link"
                  >
                    {t('detail.hazardsOpen')}
                  </Link>
                ) : undefined
              }
            >
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(p.body)} />
            </Card>
          </Col>
        ))}
      </Row>

      <EnterpriseForm
        open={editing}
        mode="edit"
        initial={e}
        onClose={() => setEditing(false)}
        onSaved={() => {
          setEditing(false);
          detail.reload();
        }}
      />
    </div>
  );
}
