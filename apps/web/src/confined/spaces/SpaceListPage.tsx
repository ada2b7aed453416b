import { useState, type HTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Input, Space, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { ConfinedSpaceSummary } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useKeysetList, useSearchDraft } from '../../shell/useKeysetList';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { PermitStatusTag } from '../common/PermitStatusTag';
import { parseSpaceFilters, spaceFiltersToSearch, spaceListUrl, type SpaceFilters } from '../spaceModel';
import { SpaceForm } from './SpaceForm';

/** The confined-space ledger (`/confined/spaces`): search, keyset "load more", create. */
export default function SpaceListPage() {
  const { t, formatNumber } = useI18n();
  useDocumentTitle(t('nav.confinedSpaces'));
  const navigate = useNavigate();
  const { can } = useSession();
  const list = useKeysetList<ConfinedSpaceSummary, SpaceFilters>({
    parse: parseSpaceFilters,
    toSearch: spaceFiltersToSearch,
    pageUrl: spaceListUrl,
  });
  const { filters, updateFilters } = list;
  const search = useSearchDraft(filters.q, updateFilters);
  const [creating, setCreating] = useState(false);
  const filtered = filters.q !== '' || filters.enterpriseId !== '';

  const columns: TableProps<ConfinedSpaceSummary>['columns'] = [
    { key: 'code', title: t('space.code'), dataIndex: 'code', responsive: ['sm'] },
    {
      key: 'name',
      title: t('space.name'),
      render: (_, s) => (
        <Space orientation="vertical" size={0}>
          <Link
            to={`/confined/spaces/${encodeURIComponent(s.id)}`}
            data-testid="space-link"
            onClick={(e) => e.stopPropagation()}
          >
            {s.name}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {s.enterpriseName}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'type',
      title: t('space.type'),
      responsive: ['md'],
      render: (_, s) => t(`spaceType.${s.spaceType}`),
    },
    {
      key: 'hazards',
      title: t('space.hazards'),
      responsive: ['lg'],
      render: (_, s) => (
        <Space size={[2, 2]} wrap>
          {s.hazards.map((h) => (
            <Tag key={h}>{t(`hazard.${h}`)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'sign',
      title: t('space.warningSign'),
      responsive: ['xl'],
      render: (_, s) => (
        <Tag color={s.warningSign ? 'green' : 'orange'}>
          {t(s.warningSign ? 'space.warningSignYes' : 'space.warningSignNo')}
        </Tag>
      ),
    },
    {
      key: 'live',
      title: t('space.livePermit'),
      render: (_, s) => (
        <Space size={2} wrap>
          {s.livePermitId && s.livePermitStatus ? (
            <Link
              to={`/confined/permits/${encodeURIComponent(s.livePermitId)}`}
              onClick={(e) => e.stopPropagation()}
              data-testid="space-live-permit"
            >
              <PermitStatusTag status={s.livePermitStatus} />
            </Link>
          ) : (
            <Typography.Text type="secondary">—</Typography.Text>
          )}
          {s.synthetic && <Tag>{t('common.syntheticShort')}</Tag>}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="space-list-page">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('spaces.title')}
        </Typography.Title>
        {can('confined.manage') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="space-new"
          >
            {t('spaces.new')}
          </Button>
        )}
      </div>
      <div className="sg-toolbar" role="search">
        <Input
          className="sg-grow"
          data-testid="space-search"
          allowClear
          maxLength={50}
          prefix={<SearchOutlined />}
          placeholder={t('spaces.search')}
          aria-label={t('spaces.search')}
          value={search.draft}
          onChange={(e) => search.setDraft(e.target.value)}
          onPressEnter={search.commit}
        />
      </div>
      {list.error !== null && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={list.error} onRetry={list.reload} />
        </div>
      )}
      <Table<ConfinedSpaceSummary>
        data-testid="space-list"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading === 'first'}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t(filtered ? 'spaces.emptyFiltered' : 'spaces.empty') }}
        onRow={(record) =>
          ({
            'data-testid': 'space-row',
            'data-id': record.id,
            style: { cursor: 'pointer' },
            onClick: () => navigate(`/confined/spaces/${encodeURIComponent(record.id)}`),
          }) as HTMLAttributes<HTMLElement>
        }
      />
      <div className="sg-toolbar" style={{ justifyContent: 'center', marginTop: 12 }}>
        <Typography.Text type="secondary" data-testid="space-count">
          {t('spaces.loaded', { count: formatNumber(list.items.length) })}
        </Typography.Text>
        {list.hasMore ? (
          <Button onClick={list.loadMore} loading={list.loading === 'more'} data-testid="space-load-more">
            {t('common.loadMore')}
          </Button>
        ) : (
          list.items.length > 0 && <Typography.Text type="secondary">{t('common.allLoaded')}</Typography.Text>
        )}
      </div>
      {can('confined.manage') && (
        <SpaceForm
          open={creating}
          mode="create"
          onClose={() => setCreating(false)}
          onSaved={(space) => {
            setCreating(false);
            navigate(`/confined/spaces/${encodeURIComponent(space.id)}`);
          }}
        />
      )}
    </div>
  );
}
