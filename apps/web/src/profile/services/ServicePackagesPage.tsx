import { useMemo, useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import type {
  JurisdictionNode,
  ServiceEffect,
  ServicePackageGeneration,
  ServicePackageSummary,
} from '@safegrid/contracts';
import { apiFetch } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useKeysetList } from '../../shell/useKeysetList';
import { useSession } from '../../identity/SessionProvider';
import { useApiGet } from '../../grid/common/useApi';
import { toSelectTree } from '../../grid/jurisdiction/tree';
import { useJurisdictionTree } from '../../grid/jurisdiction/useJurisdictionTree';
import { GradeBadge } from '../GradeBadge';
import { profilePath } from '../profileModel';
import {
  effectUrl,
  GENERATE_URL,
  hazardChange,
  localised,
  packagesPageUrl,
  parseServiceFilters,
  percentText,
  serviceFiltersToSearch,
  servicePackagePath,
  type ServiceFilters,
} from './serviceModel';
import '../profile.css';
import './services.css';

type EffectRow = ServiceEffect['rows'][number];

function Figure({ title, value, testId }: { title: string; value: number; testId: string }) {
  const { formatNumber } = useI18n();
  return (
    <Card size="small" className="sg-profile-figure" data-testid={testId} data-value={value}>
      <Statistic title={title} value={formatNumber(value)} />
    </Card>
  );
}

/** A generation's answer: the counts, how many packages carry each item, the first enterprises. */
function GenerationFigures({ result }: { result: ServicePackageGeneration }) {
  const { t, locale } = useI18n();
  return (
    <div className="sg-profile-stack" data-testid="services-generation" data-dry-run={result.dryRun}>
      <div className="sg-profile-figures">
        <Figure
          title={t('services.generate.enterprises')}
          value={result.enterprises}
          testId="services-gen-enterprises"
        />
        <Figure
          title={t('services.generate.ungraded')}
          value={result.ungraded}
          testId="services-gen-ungraded"
        />
        <Figure
          title={t('services.generate.alreadyDelivered')}
          value={result.alreadyDelivered}
          testId="services-gen-already"
        />
        <Figure title={t('services.generate.noMatch')} value={result.noMatch} testId="services-gen-nomatch" />
        <Figure
          title={t(result.dryRun ? 'services.generate.matched' : 'services.generate.created')}
          value={result.dryRun ? result.matched : result.created}
          testId="services-gen-matched"
        />
      </div>
      {result.matched === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('services.generate.nothing')} />
      ) : (
        <>
          <Table
            size="small"
            rowKey="itemId"
            pagination={false}
            dataSource={result.items}
            data-testid="services-gen-items"
            columns={[
              {
                key: 'kind',
                title: t('services.list.items'),
                render: (_, i) => <Tag>{t(`services.kind.${i.kind}`)}</Tag>,
                width: 120,
              },
              {
                key: 'title',
                title: t('services.generate.item'),
                render: (_, i) => localised(i.title, locale),
              },
              {
                key: 'packages',
                title: t('services.generate.packages'),
                dataIndex: 'packages',
                align: 'right',
              },
            ]}
          />
          <Typography.Text type="secondary">
            {t('services.generate.sample', { count: result.sample.length })}
          </Typography.Text>
          <ul className="sg-services-sample" data-testid="services-gen-sample">
            {result.sample.map((s) => (
              <li key={s.enterpriseId}>
                <Link to={profilePath(s.enterpriseId)}>{s.enterpriseName}</Link>{' '}
                <GradeBadge grade={s.grade} /> {t('services.list.itemsCount', { count: s.itemIds.length })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/**
 * Generation with a preview: the dry run shows what would be delivered; confirming sends the
 * preview's digest, so a change in between is refused (409) and asks for a new preview.
 */
function GenerateCard({
  jurisdictionId,
  onDelivered,
}: {
  jurisdictionId: string | null;
  onDelivered(): void;
}) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const [preview, setPreview] = useState<{ area: string | null; result: ServicePackageGeneration } | null>(
    null,
  );
  const [delivered, setDelivered] = useState<ServicePackageGeneration | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const area = jurisdictionId ? { jurisdictionId } : {};
  const current = preview && preview.area === jurisdictionId ? preview.result : null;

  const runPreview = async () => {
    setBusy(true);
    setError(null);
    setDelivered(null);
    try {
      const result = await apiFetch<ServicePackageGeneration>(GENERATE_URL, {
        method: 'POST',
        json: { dryRun: true, ...area },
      });
      setPreview({ area: jurisdictionId, result });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const confirm = (shown: ServicePackageGeneration) =>
    modal.confirm({
      title: t('services.generate.confirmTitle', { count: shown.matched }),
      content: t('services.generate.confirmExplain', { count: shown.matched, month: shown.month }),
      okText: t('services.generate.confirm'),
      okButtonProps: { 'data-testid': 'services-confirm-ok' } as never,
      cancelText: t('common.cancel'),
      onOk: async () => {
        setError(null);
        try {
          const result = await apiFetch<ServicePackageGeneration>(GENERATE_URL, {
            method: 'POST',
            json: { dryRun: false, previewDigest: shown.digest, ...area },
          });
          setDelivered(result);
          setPreview(null);
          void message.success(t('services.generate.done', { count: result.created }));
          onDelivered();
        } catch (e) {
          // A stale preview (or any failure): show why, and ask for a fresh preview.
          setError(e);
          setPreview(null);
        }
      },
    });

  return (
    <Card size="small" title={t('services.generate.title')} data-testid="services-generate">
      <Typography.Paragraph type="secondary" className="sg-profile-hint">
        {t('services.generate.explain')}
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button onClick={() => void runPreview()} loading={busy} data-testid="services-preview">
          {t('services.generate.preview')}
        </Button>
        <Button
          type="primary"
          disabled={!current || current.matched === 0}
          onClick={() => current && confirm(current)}
          data-testid="services-confirm"
        >
          {t('services.generate.confirm')}
        </Button>
      </Space>
      {error !== null && <ErrorAlert error={error} />}
      {current && (
        <>
          <Typography.Title level={5}>
            {t('services.generate.previewTitle', { month: current.month })}
          </Typography.Title>
          <GenerationFigures result={current} />
        </>
      )}
      {delivered && (
        <>
          <Typography.Title level={5}>
            {t('services.generate.resultTitle', { month: delivered.month })}
          </Typography.Title>
          <GenerationFigures result={delivered} />
        </>
      )}
    </Card>
  );
}

/** The effect by grade at delivery: acknowledgements, hazards before and after, grade changes. */
function EffectCard({ jurisdictionId }: { jurisdictionId: string | null }) {
  const { t, formatNumber } = useI18n();
  const effect = useApiGet<ServiceEffect>(effectUrl(jurisdictionId));
  const data = effect.data;
  const change = (r: Pick<EffectRow, 'hazardsBefore' | 'hazardsAfter'>) => {
    const c = hazardChange(r);
    if (c.direction === 'same') return t('services.effect.unchanged');
    return (
      <Typography.Text type={c.direction === 'fewer' ? 'success' : 'danger'}>
        {t(c.direction === 'fewer' ? 'services.effect.fewer' : 'services.effect.more', {
          count: Math.abs(c.delta),
        })}
      </Typography.Text>
    );
  };
  const figures = (r: Omit<EffectRow, 'gradeAtDelivery'>) => [
    <span key="p">{formatNumber(r.packages)}</span>,
    <span key="a">
      {formatNumber(r.acknowledged)}{' '}
      <Typography.Text type="secondary">{percentText(r.acknowledgedShare)}</Typography.Text>
    </span>,
    <span key="b">{formatNumber(r.hazardsBefore)}</span>,
    <span key="h">{formatNumber(r.hazardsAfter)}</span>,
    <span key="c">{change(r)}</span>,
    <span key="i">{formatNumber(r.improved)}</span>,
    <span key="s">{formatNumber(r.same)}</span>,
    <span key="w">{formatNumber(r.worse)}</span>,
    <span key="u">{formatNumber(r.ungraded)}</span>,
  ];
  const titles = [
    t('services.effect.packages'),
    t('services.effect.acknowledged'),
    t('services.effect.hazardsBefore'),
    t('services.effect.hazardsAfter'),
    t('services.effect.change'),
    t('services.effect.improved'),
    t('services.effect.same'),
    t('services.effect.worse'),
    t('services.effect.ungraded'),
  ];
  const columns: TableProps<EffectRow>['columns'] = [
    {
      key: 'grade',
      title: t('services.effect.grade'),
      render: (_, r) => <GradeBadge grade={r.gradeAtDelivery} />,
      fixed: 'left',
    },
    ...titles.map((title, index) => ({
      key: String(index),
      title,
      align: 'right' as const,
      render: (_: unknown, r: EffectRow) => figures(r)[index],
    })),
  ];
  return (
    <Card size="small" title={t('services.effect.title')} data-testid="services-effect">
      <Typography.Paragraph type="secondary" className="sg-profile-hint">
        {t('services.effect.explain', { days: data?.windowDays ?? 90 })}
      </Typography.Paragraph>
      {effect.error !== null && <ErrorAlert error={effect.error} onRetry={effect.reload} />}
      {effect.loading && <Spin />}
      {data && data.total.afterWindowOpen > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('services.effect.open', { count: data.total.afterWindowOpen, days: data.windowDays })}
        />
      )}
      {data && (
        <Table<EffectRow>
          size="small"
          rowKey="gradeAtDelivery"
          dataSource={data.rows}
          columns={columns}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="services-effect-table"
          onRow={(r) =>
            ({
              'data-testid': 'services-effect-row',
              'data-grade': r.gradeAtDelivery,
            }) as HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: <Empty description={t('services.effect.empty')} /> }}
          summary={() =>
            data.rows.length > 0 ? (
              <Table.Summary.Row data-testid="services-effect-total">
                <Table.Summary.Cell index={0}>
                  <strong>{t('services.effect.total')}</strong>
                </Table.Summary.Cell>
                {figures(data.total).map((cell, i) => (
                  <Table.Summary.Cell key={i} index={i + 1} align="right">
                    {cell}
                  </Table.Summary.Cell>
                ))}
              </Table.Summary.Row>
            ) : null
          }
        />
      )}
    </Card>
  );
}

/**
 * 安全服务包 (`/profile/services`): officers preview and deliver the month's packages for their
 * scope (or a part of it), follow acknowledgements and read the effect by grade; an enterprise
 * account sees the packages delivered to it. Each row opens the package.
 */
export default function ServicePackagesPage() {
  const { t, formatDateTime } = useI18n();
  useDocumentTitle(t('services.title'));
  const { can } = useSession();
  const manager = can('service.manage');
  const list = useKeysetList<ServicePackageSummary, ServiceFilters>({
    parse: parseServiceFilters,
    toSearch: serviceFiltersToSearch,
    pageUrl: packagesPageUrl,
  });
  const { filters, updateFilters } = list;
  const mayPickArea = manager && can('jurisdiction.read');
  const jurisdictions = useJurisdictionTree();
  const areaTree = useMemo(
    () =>
      mayPickArea && jurisdictions.data
        ? toSelectTree(
            jurisdictions.data.roots,
            (n: JurisdictionNode) => `${n.name} · ${t(`level.${n.level}`)}`,
          )
        : [],
    [jurisdictions.data, mayPickArea, t],
  );

  const columns: TableProps<ServicePackageSummary>['columns'] = [
    {
      key: 'enterprise',
      title: t('services.list.enterprise'),
      render: (_, p) => (
        <Link to={servicePackagePath(p.id)} data-testid="services-row-link">
          {p.enterpriseName}
        </Link>
      ),
    },
    { key: 'month', title: t('services.list.month'), dataIndex: 'month', width: 100 },
    {
      key: 'grade',
      title: t('services.list.grade'),
      render: (_, p) => (
        <span>
          <GradeBadge grade={p.gradeAtDelivery} /> {p.scoreAtDelivery}
        </span>
      ),
    },
    {
      key: 'items',
      title: t('services.list.items'),
      render: (_, p) => (
        <Space wrap size={4}>
          {t('services.list.itemsCount', { count: p.itemCount })}
          {p.kinds.map((k) => (
            <Tag key={k}>{t(`services.kind.${k}`)}</Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'delivered',
      title: t('services.list.deliveredAt'),
      render: (_, p) => formatDateTime(p.deliveredAt),
    },
    {
      key: 'ack',
      title: t('services.list.ack'),
      render: (_, p) => (
        <Tag color={p.acknowledgedAt ? 'green' : 'orange'} title={formatDateTime(p.acknowledgedAt)}>
          {t(p.acknowledgedAt ? 'services.ack.done' : 'services.ack.pending')}
        </Tag>
      ),
    },
  ];

  return (
    <div className="sg-profile sg-profile-stack" data-testid="services-page">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('services.title')}
        </Typography.Title>
        {mayPickArea && (
          <TreeSelect
            allowClear
            value={filters.jurisdictionId ?? undefined}
            onChange={(v?: string) => updateFilters({ jurisdictionId: v ?? null })}
            treeData={areaTree}
            loading={jurisdictions.loading}
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('services.areaPlaceholder')}
            popupMatchSelectWidth={false}
            style={{ minWidth: 240 }}
            data-testid="services-area"
          />
        )}
      </div>
      <Typography.Paragraph type="secondary" className="sg-profile-hint" style={{ marginBottom: 0 }}>
        {t(!manager && can('service.acknowledge') ? 'services.enterpriseExplain' : 'services.explain')}
      </Typography.Paragraph>
      {manager && <GenerateCard jurisdictionId={filters.jurisdictionId} onDelivered={list.reload} />}

      <Card
        size="small"
        title={t('services.list.title')}
        data-testid="services-list"
        extra={
          filters.enterpriseId ? (
            <Space size={8}>
              <Typography.Text type="secondary">{t('services.list.filtered')}</Typography.Text>
              <Button size="small" onClick={() => updateFilters({ enterpriseId: null })}>
                {t('services.list.showAll')}
              </Button>
            </Space>
          ) : undefined
        }
      >
        {list.error !== null && <ErrorAlert error={list.error} onRetry={list.reload} />}
        <Table<ServicePackageSummary>
          size="small"
          rowKey="id"
          dataSource={list.items}
          columns={columns}
          pagination={false}
          loading={list.loading === 'first'}
          scroll={{ x: 'max-content' }}
          data-testid="services-table"
          data-count={list.items.length}
          onRow={(p) =>
            ({
              'data-testid': 'services-row',
              'data-id': p.id,
              'data-acknowledged': p.acknowledgedAt !== null,
            }) as HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: <Empty description={t('services.list.empty')} /> }}
        />
        {list.hasMore && (
          <Button
            block
            onClick={list.loadMore}
            disabled={list.loading !== null}
            style={{ marginTop: 8 }}
            data-testid="services-more"
          >
            {t('common.loadMore')}
          </Button>
        )}
      </Card>

      {manager && <EffectCard jurisdictionId={filters.jurisdictionId} />}
    </div>
  );
}
