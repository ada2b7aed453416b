import { useMemo, useState, type HTMLAttributes } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Input, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import type { EnterpriseSummary, JurisdictionNode } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useKeysetList, useSearchDraft } from '../../shell/useKeysetList';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { ENTERPRISE_STATUSES, GONGMAO_CATEGORIES, STATUS_TAG_COLORS } from '../common/labels';
import { toSelectTree } from '../jurisdiction/tree';
import { useJurisdictionTree } from '../jurisdiction/useJurisdictionTree';
import { EnterpriseForm } from './EnterpriseForm';
import {
  enterprisesUrl,
  exportUrl,
  filtersToSearch,
  hasFilters,
  parseFilters,
  type EnterpriseFilters,
} from './filters';

export default function EnterpriseListPage() {
  const { t, formatNumber } = useI18n();
  useDocumentTitle(t('nav.enterprises'));
  const navigate = useNavigate();
  const jurisdictions = useJurisdictionTree();
  const { can } = useSession();
  const list = useKeysetList<EnterpriseSummary, EnterpriseFilters>({
    parse: parseFilters,
    toSearch: filtersToSearch,
    pageUrl: enterprisesUrl,
  });
  const { filters, updateFilters: update } = list;
  const search = useSearchDraft(filters.q, update);
  const [formOpen, setFormOpen] = useState(false);

  const treeData = useMemo(
    () =>
      jurisdictions.data
        ? toSelectTree(
            jurisdictions.data.roots,
            (n: JurisdictionNode) => `${n.name} (${formatNumber(n.enterpriseCount)})`,
          )
        : [],
    [jurisdictions.data, formatNumber],
  );

  const columns: TableProps<EnterpriseSummary>['columns'] = [
    {
      key: 'name',
      title: t('attr.name'),
      render: (_, e) => (
        <Space orientation="vertical" size={0}>
          <Link
            to={`/enterprises/${encodeURIComponent(e.id)}`}
            data-testid="enterprise-link"
            onClick={(ev) => ev.stopPropagation()}
          >
            {e.name}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.address}
          </Typography.Text>
        </Space>
      ),
    },
    { key: 'creditCode', title: t('attr.creditCode'), dataIndex: 'creditCode', responsive: ['lg'] },
    {
      key: 'jurisdiction',
      title: t('attr.jurisdiction'),
      responsive: ['md'],
      render: (_, e) => [e.districtName, e.streetName, e.gridName].filter(Boolean).join(' / '),
    },
    {
      key: 'category',
      title: t('attr.gongmaoCategory'),
      responsive: ['sm'],
      render: (_, e) => t(`category.${e.gongmaoCategory}`),
    },
    {
      key: 'industry',
      title: t('attr.industry'),
      responsive: ['xl'],
      render: (_, e) => `${e.industryCode} ${e.industryName}`,
    },
    { key: 'scale', title: t('attr.scale'), responsive: ['xl'], render: (_, e) => t(`scale.${e.scale}`) },
    {
      key: 'employees',
      title: t('attr.employees'),
      align: 'right',
      responsive: ['lg'],
      render: (_, e) => formatNumber(e.employees),
    },
    {
      key: 'status',
      title: t('attr.status'),
      render: (_, e) => (
        <Space size={2} wrap>
          <Tag color={STATUS_TAG_COLORS[e.status]}>{t(`status.${e.status}`)}</Tag>
          {e.synthetic && <Tag>{t('common.syntheticShort')}</Tag>}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="enterprise-list-page">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('enterprises.title')}
        </Typography.Title>
        {can('enterprise.export') && (
          <Button href={exportUrl(filters)} icon={<DownloadOutlined />} data-testid="enterprise-export">
            {t('enterprises.export')}
          </Button>
        )}
        {can('enterprise.create') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setFormOpen(true)}
            data-testid="enterprise-new"
          >
            {t('enterprises.new')}
          </Button>
        )}
      </div>

      <div className="sg-toolbar" role="search">
        <Input
          className="sg-grow"
          data-testid="enterprise-search"
          allowClear
          maxLength={50}
          prefix={<SearchOutlined />}
          placeholder={t('enterprises.searchPlaceholder')}
          aria-label={t('enterprises.searchPlaceholder')}
          value={search.draft}
          onChange={(e) => search.setDraft(e.target.value)}
          onPressEnter={search.commit}
        />
        <TreeSelect
          data-testid="filter-jurisdiction"
          style={{ minWidth: 220, flex: '1 1 220px' }}
          allowClear
          showSearch={{ treeNodeFilterProp: 'title' }}
          placeholder={t('enterprises.filterJurisdiction')}
          treeData={treeData}
          loading={jurisdictions.loading}
          value={filters.jurisdictionId || undefined}
          onChange={(value?: string) => update({ jurisdictionId: value ?? '' })}
          popupMatchSelectWidth={false}
        />
        <Select
          data-testid="filter-category"
          style={{ minWidth: 150 }}
          allowClear
          placeholder={t('enterprises.filterCategory')}
          value={filters.gongmaoCategory || undefined}
          onChange={(value?: EnterpriseFilters['gongmaoCategory']) =>
            update({ gongmaoCategory: value ?? '' })
          }
          options={GONGMAO_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
        />
        <Select
          data-testid="filter-status"
          style={{ minWidth: 120 }}
          allowClear
          placeholder={t('enterprises.filterStatus')}
          value={filters.status || undefined}
          onChange={(value?: EnterpriseFilters['status']) => update({ status: value ?? '' })}
          options={ENTERPRISE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
        <Input
          data-testid="filter-industry"
          style={{ width: 150 }}
          allowClear
          maxLength={8}
          placeholder={t('enterprises.filterIndustry')}
          aria-label={t('enterprises.filterIndustry')}
          defaultValue={filters.industryCode}
          key={`industry-${filters.industryCode}`}
          onPressEnter={(e) => update({ industryCode: e.currentTarget.value.trim().toUpperCase() })}
          onBlur={(e) => {
            const value = e.currentTarget.value.trim().toUpperCase();
            if (value !== filters.industryCode) update({ industryCode: value });
          }}
          onClear={() => update({ industryCode: '' })}
        />
        {hasFilters(filters) && (
          <Button onClick={list.resetFilters} data-testid="filter-reset">
            {t('enterprises.resetFilters')}
          </Button>
        )}
      </div>

      {list.error !== null && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={list.error} onRetry={list.reload} />
        </div>
      )}

      <Table<EnterpriseSummary>
        data-testid="enterprise-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading === 'first'}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t(hasFilters(filters) ? 'enterprises.emptyFiltered' : 'enterprises.empty') }}
        onRow={(record) =>
          ({
            'data-testid': 'enterprise-row',
            'data-id': record.id,
            style: { cursor: 'pointer' },
            onClick: () => navigate(`/enterprises/${encodeURIComponent(record.id)}`),
          }) as HTMLAttributes<HTMLElement>
        }
      />

      <div className="sg-toolbar" style={{ justifyContent: 'center', marginTop: 12 }}>
        <Typography.Text type="secondary" data-testid="enterprise-count">
          {t('enterprises.loaded', { count: formatNumber(list.items.length) })}
        </Typography.Text>
        {list.hasMore ? (
          <Button
            onClick={list.loadMore}
            loading={list.loading === 'more'}
            data-testid="enterprise-load-more"
          >
            {t('enterprises.loadMore')}
          </Button>
        ) : (
          list.items.length > 0 && (
            <Typography.Text type="secondary">{t('enterprises.allLoaded')}</Typography.Text>
          )
        )}
      </div>

      <EnterpriseForm
        open={formOpen}
        mode="create"
        onClose={() => setFormOpen(false)}
        onSaved={(id) => {
          setFormOpen(false);
          navigate(`/enterprises/${encodeURIComponent(id)}`);
        }}
      />
    </div>
  );
}
