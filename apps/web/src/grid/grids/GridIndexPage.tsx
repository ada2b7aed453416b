import { useMemo, type HTMLAttributes } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Card, Cascader, Spin, Table, Tag, Typography } from 'antd';
import type { JurisdictionNode } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { descendantsOfLevel, findInTree, pathTo, type TreeNode } from '../jurisdiction/tree';
import { useJurisdictionTree } from '../jurisdiction/useJurisdictionTree';

interface CascaderOption {
  value: string;
  label: string;
  children?: CascaderOption[];
}

function toOptions(items: readonly TreeNode[], label: (n: JurisdictionNode) => string): CascaderOption[] {
  return items.map((item) => ({
    value: item.node.id,
    label: label(item.node),
    ...(item.children.length > 0 ? { children: toOptions(item.children, label) } : {}),
  }));
}

/** Pick district → street → community → grid; the grids under the choice are listed below. */
export default function GridIndexPage() {
  const { t, formatNumber } = useI18n();
  useDocumentTitle(t('nav.grids'));
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const { data, error, loading } = useJurisdictionTree();
  const selectedId = searchParams.get('node') ?? '';

  const options = useMemo(
    () => (data ? toOptions(data.roots, (n) => `${n.name} (${formatNumber(n.enterpriseCount)})`) : []),
    [data, formatNumber],
  );
  const selectedPath = useMemo(
    () => (data && selectedId ? pathTo(data.byId, selectedId).filter((n) => n.level !== 'city') : []),
    [data, selectedId],
  );
  const grids = useMemo(() => {
    if (!data) return [];
    if (!selectedId) return data.roots.flatMap((r) => descendantsOfLevel(r, 'grid'));
    const subtree = findInTree(data.roots, selectedId);
    return subtree ? descendantsOfLevel(subtree, 'grid') : [];
  }, [data, selectedId]);
  const parentName = (n: JurisdictionNode, level: JurisdictionNode['level']) =>
    data ? (pathTo(data.byId, n.id).find((p) => p.level === level)?.name ?? '') : '';

  if (error) return <ErrorAlert error={error} />;

  return (
    <div data-testid="grid-index">
      <Typography.Title level={4} className="sg-page-title">
        {t('grids.title')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{t('grids.pickHint')}</Typography.Paragraph>
        {loading ? (
          <Spin />
        ) : (
          <Cascader<CascaderOption>
            data-testid="grid-picker"
            style={{ width: '100%', maxWidth: 640 }}
            options={options}
            changeOnSelect
            allowClear
            showSearch
            placeholder={t('grids.pickPlaceholder')}
            value={selectedPath.map((n) => n.id)}
            onChange={(value) => {
              const path = (value ?? []) as string[];
              const last = path[path.length - 1];
              const node = last ? data?.byId.get(last) : undefined;
              if (node?.level === 'grid') navigate(`/grids/${encodeURIComponent(node.id)}`);
              else setSearchParams(last ? { node: last } : {});
            }}
          />
        )}
      </Card>
      <Card
        size="small"
        title={t('grids.listTitle', { count: formatNumber(grids.length) })}
        extra={
          selectedId ? (
            <Link to={`/enterprises?jurisdictionId=${encodeURIComponent(selectedId)}`}>
              {t('grids.enterprisesHere')}
            </Link>
          ) : undefined
        }
      >
        <Table<JurisdictionNode>
          data-testid="grid-table"
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={grids}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          scroll={{ x: 'max-content' }}
          onRow={(n) =>
            ({
              'data-testid': 'grid-row',
              style: { cursor: 'pointer' },
              onClick: () => navigate(`/grids/${encodeURIComponent(n.id)}`),
            }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              key: 'name',
              title: t('level.grid'),
              render: (_, n) => (
                <Link
                  to={`/grids/${encodeURIComponent(n.id)}`}
                  data-testid="grid-link"
                  onClick={(e) => e.stopPropagation()}
                >
                  {n.name}
                </Link>
              ),
            },
            {
              key: 'district',
              title: t('level.district'),
              responsive: ['md'],
              render: (_, n) => parentName(n, 'district'),
            },
            {
              key: 'street',
              title: t('level.street'),
              responsive: ['sm'],
              render: (_, n) => parentName(n, 'street'),
            },
            {
              key: 'community',
              title: t('level.community'),
              responsive: ['lg'],
              render: (_, n) => parentName(n, 'community'),
            },
            {
              key: 'count',
              title: t('grids.enterpriseTotal'),
              align: 'right',
              sorter: (a, b) => a.enterpriseCount - b.enterpriseCount,
              render: (_, n) => formatNumber(n.enterpriseCount),
            },
            {
              key: 'synthetic',
              title: t('grids.boundary'),
              responsive: ['md'],
              render: (_, n) =>
                n.boundarySynthetic ? <Tag color="warning">{t('common.syntheticShort')}</Tag> : null,
            },
          ]}
        />
      </Card>
    </div>
  );
}
