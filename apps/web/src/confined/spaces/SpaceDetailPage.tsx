import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  Badge,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { DescriptionsProps, TableProps } from 'antd';
import { EditOutlined, FileAddOutlined } from '@ant-design/icons';
import type { ConfinedSpaceDetail, PermitPage, PermitSummary, SpaceDevice } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { NotFoundOrError } from '../../grid/common/NotFoundOrError';
import { useApiGet } from '../../grid/common/useApi';
import { permitsUrl, spaceUrl } from '../confinedApi';
import { PermitStatusTag } from '../common/PermitStatusTag';
import { SpaceForm } from './SpaceForm';
import { SpaceLimits } from './SpaceLimits';
import { SpacePhotos } from './SpacePhotos';

/** One confined space (`/confined/spaces/:id`): the ledger entry, its devices and its permits. */
export default function SpaceDetailPage() {
  const { id = '' } = useParams();
  const { t, formatDateTime } = useI18n();
  const navigate = useNavigate();
  const { can } = useSession();
  const detail = useApiGet<ConfinedSpaceDetail>(spaceUrl(id));
  const permits = useApiGet<PermitPage>(permitsUrl({ spaceId: id }, null, 20));
  const [editing, setEditing] = useState(false);
  const space = detail.data;
  useDocumentTitle(space?.name ?? t('nav.confinedSpaces'));

  if (detail.error)
    return <NotFoundOrError error={detail.error} onRetry={detail.reload} backTo="/confined/spaces" />;
  if (!space) {
    return (
      <div className="sg-center">
        <Spin />
      </div>
    );
  }

  const s = space;
  const none = <Typography.Text type="secondary">{t('space.none')}</Typography.Text>;
  const items: DescriptionsProps['items'] = [
    { key: 'code', label: t('space.code'), children: <Typography.Text copyable>{s.code}</Typography.Text> },
    {
      key: 'enterprise',
      label: t('space.enterprise'),
      children: <Link to={`/enterprises/${encodeURIComponent(s.enterpriseId)}`}>{s.enterpriseName}</Link>,
    },
    { key: 'type', label: t('space.type'), children: t(`spaceType.${s.spaceType}`) },
    { key: 'ventilation', label: t('space.ventilation'), children: t(`ventilation.${s.ventilation}`) },
    { key: 'entryPoints', label: t('space.entryPoints'), children: s.entryPoints },
    {
      key: 'warningSign',
      label: t('space.warningSign'),
      children: (
        <Tag color={s.warningSign ? 'green' : 'orange'}>
          {t(s.warningSign ? 'space.warningSignYes' : 'space.warningSignNo')}
        </Tag>
      ),
    },
    {
      key: 'hazards',
      label: t('space.hazards'),
      span: 'filled',
      children:
        s.hazards.length > 0 ? (
          <Space size={[4, 4]} wrap>
            {s.hazards.map((h) => (
              <Tag key={h} color="volcano">
                {t(`hazard.${h}`)}
              </Tag>
            ))}
          </Space>
        ) : (
          none
        ),
    },
    { key: 'location', label: t('space.location'), span: 'filled', children: s.location || none },
    {
      key: 'coordinates',
      label: t('space.coordinates'),
      children: s.lon !== null && s.lat !== null ? `${s.lon}, ${s.lat}` : none,
    },
    {
      key: 'live',
      label: t('space.livePermit'),
      children:
        s.livePermitId && s.livePermitStatus ? (
          <Link
            to={`/confined/permits/${encodeURIComponent(s.livePermitId)}`}
            data-testid="space-live-permit"
          >
            <Space size={4}>
              #{s.livePermitId}
              <PermitStatusTag status={s.livePermitStatus} />
            </Space>
          </Link>
        ) : (
          <Typography.Text type="secondary">{t('space.noLivePermit')}</Typography.Text>
        ),
    },
    {
      key: 'equipment',
      label: t('space.rescueEquipment'),
      span: 'filled',
      children:
        s.rescueEquipment.length > 0 ? (
          <Space size={[4, 4]} wrap>
            {s.rescueEquipment.map((e) => (
              <Tag key={e}>{e}</Tag>
            ))}
          </Space>
        ) : (
          none
        ),
    },
    {
      key: 'plan',
      label: t('space.rescuePlan'),
      span: 'filled',
      children: s.rescuePlan ? <span style={{ whiteSpace: 'pre-wrap' }}>{s.rescuePlan}</span> : none,
    },
    { key: 'createdAt', label: t('space.createdAt'), children: formatDateTime(s.createdAt) },
    { key: 'updatedAt', label: t('space.updatedAt'), children: formatDateTime(s.updatedAt) },
  ];

  const deviceColumns: TableProps<SpaceDevice>['columns'] = [
    { key: 'id', title: t('space.deviceId'), dataIndex: 'id' },
    { key: 'label', title: t('space.deviceLabel'), dataIndex: 'label', responsive: ['sm'] },
    { key: 'kind', title: t('space.deviceKind'), render: (_, d) => t(`deviceKind.${d.kind}`) },
    {
      key: 'state',
      title: t('space.deviceState'),
      render: (_, d) => (
        <Badge
          status={d.online ? 'success' : 'default'}
          text={t(d.online ? 'space.deviceOnline' : 'space.deviceOffline')}
          data-testid="space-device-state"
          data-online={String(d.online)}
        />
      ),
    },
    {
      key: 'lastSeen',
      title: t('space.lastSeen'),
      responsive: ['md'],
      render: (_, d) => formatDateTime(d.lastSeenAt),
    },
  ];

  const permitColumns: TableProps<PermitSummary>['columns'] = [
    {
      key: 'id',
      title: '#',
      render: (_, p) => <Link to={`/confined/permits/${encodeURIComponent(p.id)}`}>#{p.id}</Link>,
    },
    { key: 'work', title: t('permit.workContent'), dataIndex: 'workContent', ellipsis: true },
    { key: 'status', title: t('live.colStatus'), render: (_, p) => <PermitStatusTag status={p.status} /> },
    {
      key: 'window',
      title: t('permit.window'),
      responsive: ['md'],
      render: (_, p) =>
        t('live.window', { start: formatDateTime(p.windowStart), end: formatDateTime(p.windowEnd) }),
    },
  ];

  return (
    <div data-testid="space-detail" data-id={s.id}>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[{ title: <Link to="/confined/spaces">{t('nav.confinedSpaces')}</Link> }, { title: s.name }]}
      />
      <div className="sg-toolbar">
        <Typography.Title
          level={4}
          className="sg-page-title"
          style={{ marginBottom: 0 }}
          data-testid="space-name"
        >
          {s.name}
        </Typography.Title>
        {s.synthetic && (
          <Tag color="purple" data-testid="space-synthetic">
            {t('common.syntheticDemo')}
          </Tag>
        )}
        <span style={{ flex: 1 }} />
        {can('permit.apply') && (
          <Button
            type="primary"
            icon={<FileAddOutlined />}
            onClick={() => navigate(`/confined/permits/new?spaceId=${encodeURIComponent(s.id)}`)}
            data-testid="space-apply"
          >
            {t('space.apply')}
          </Button>
        )}
        {can('confined.manage') && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="space-edit">
            {t('common.edit')}
          </Button>
        )}
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24}>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} items={items} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('space.devices')}>
            <Table<SpaceDevice>
              data-testid="space-devices"
              rowKey="id"
              size="small"
              columns={deviceColumns}
              dataSource={s.devices}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('space.noDevices')} />,
              }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('space.permits')}>
            <Table<PermitSummary>
              data-testid="space-permits"
              rowKey="id"
              size="small"
              columns={permitColumns}
              dataSource={permits.data?.items ?? []}
              loading={permits.loading}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('space.noPermits')} />,
              }}
            />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24}>
          <SpacePhotos space={s} mayManage={can('confined.manage')} onChanged={detail.reload} />
        </Col>
        <Col xs={24}>
          <SpaceLimits space={s} mayManage={can('confined.manage')} onSaved={detail.reload} />
        </Col>
      </Row>
      {can('confined.manage') && (
        <SpaceForm
          open={editing}
          mode="edit"
          initial={s}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            detail.reload();
          }}
        />
      )}
    </div>
  );
}
