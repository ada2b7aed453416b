import { lazy, Suspense, useMemo, type HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { Button, Card, Empty, Segmented, Spin, Statistic, Table, TreeSelect, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { Grade, GradeChangeList, GradeDistribution, JurisdictionNode } from '@safegrid/contracts';
import { GRADE_DISTRIBUTION_GROUPS, GRADES } from '@safegrid/contracts/values';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useI18n } from '../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { useKeysetList } from '../shell/useKeysetList';
import { useSession } from '../identity/SessionProvider';
import { useApiGet } from '../grid/common/useApi';
import { toSelectTree } from '../grid/jurisdiction/tree';
import { useJurisdictionTree } from '../grid/jurisdiction/useJurisdictionTree';
import { GradeBadge } from './GradeBadge';
import { HitRatesCard } from './HitRatesCard';
import {
  changesUrl,
  distributionBarOption,
  distributionTotals,
  distributionUrl,
  gradesFiltersToSearch,
  MODELS_PATH,
  parseGradesFilters,
  profilePath,
  shareText,
  totalOf,
  type DistributionGroup,
  type DistributionRow,
  type GradesFilters,
} from './profileModel';
import './profile.css';

const ProfileChart = lazy(() => import('./ProfileChart'));

type Change = GradeChangeList['items'][number];

const pageUrl = (filters: GradesFilters, cursor: string | null) => changesUrl(filters.jurisdictionId, cursor);

/**
 * 风险分级 (`/profile/grades`): enterprises in scope by grade, grouped by district, street or 工贸
 * category (stacked bars and a table of counts and shares), and below the latest grade changes,
 * each linking to the enterprise's profile.
 */
export default function GradesPage() {
  const { t, formatNumber, formatDateTime, lookup } = useI18n();
  useDocumentTitle(t('profile.grades.title'));
  const { can } = useSession();
  const changes = useKeysetList<Change, GradesFilters>({
    parse: parseGradesFilters,
    toSearch: gradesFiltersToSearch,
    pageUrl,
  });
  const { filters, updateFilters } = changes;
  const distribution = useApiGet<GradeDistribution>(distributionUrl(filters.groupBy, filters.jurisdictionId));
  const mayPickArea = can('jurisdiction.read');
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
  const gradeLabels = useMemo(
    () => Object.fromEntries(GRADES.map((g) => [g, t(`profile.grade.${g}`)])) as Record<Grade, string>,
    [t],
  );
  const data = distribution.data;
  const rows = useMemo<DistributionRow[]>(
    () =>
      (data?.rows ?? []).map((r) => ({
        ...r,
        name: filters.groupBy === 'category' ? (lookup(`category.${r.key}`) ?? r.name) : r.name,
      })),
    [data, filters.groupBy, lookup],
  );
  const option = useMemo(() => distributionBarOption(rows, gradeLabels), [rows, gradeLabels]);
  const totals = data ? distributionTotals(data) : null;

  const countCell = (row: DistributionRow, grade: Grade) => (
    <span data-grade={grade} data-count={row.counts[grade]}>
      {formatNumber(row.counts[grade])}
      <Typography.Text type="secondary" className="sg-profile-share">
        {' '}
        {shareText(row.counts[grade], row.total)}
      </Typography.Text>
    </span>
  );
  const columns: TableProps<DistributionRow>['columns'] = [
    { key: 'name', title: t(`profile.grades.group.${filters.groupBy}`), dataIndex: 'name', fixed: 'left' },
    ...GRADES.map((g) => ({
      key: g,
      title: <GradeBadge grade={g} />,
      align: 'right' as const,
      render: (_: unknown, r: DistributionRow) => countCell(r, g),
    })),
    {
      key: 'total',
      title: t('profile.grades.total'),
      align: 'right',
      render: (_, r) => <strong>{formatNumber(r.total)}</strong>,
    },
  ];

  return (
    <div className="sg-profile" data-testid="grades-page">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('profile.grades.title')}
        </Typography.Title>
        {can('grading.manage') && <Link to={MODELS_PATH}>{t('profile.models.title')}</Link>}
      </div>
      <div className="sg-toolbar">
        <Segmented<DistributionGroup>
          value={filters.groupBy}
          onChange={(groupBy) => updateFilters({ groupBy })}
          options={GRADE_DISTRIBUTION_GROUPS.map((g) => ({
            value: g,
            label: t(`profile.grades.group.${g}`),
          }))}
          data-testid="grades-group"
        />
        {mayPickArea && (
          <TreeSelect
            allowClear
            value={filters.jurisdictionId ?? undefined}
            onChange={(v?: string) => updateFilters({ jurisdictionId: v ?? null })}
            treeData={areaTree}
            loading={jurisdictions.loading}
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('profile.grades.areaPlaceholder')}
            popupMatchSelectWidth={false}
            style={{ minWidth: 240 }}
            data-testid="grades-area"
          />
        )}
      </div>
      <Typography.Paragraph type="secondary" className="sg-profile-hint">
        {t('profile.grades.explain')}
      </Typography.Paragraph>
      {jurisdictions.error !== null && mayPickArea && <ErrorAlert error={jurisdictions.error} />}
      {distribution.error !== null && <ErrorAlert error={distribution.error} onRetry={distribution.reload} />}
      {distribution.loading && <Spin />}
      {data && totals && (
        <div className="sg-profile-stack" data-testid="grades-distribution" data-total={totals.total}>
          <div className="sg-profile-figures">
            {GRADES.map((g) => (
              <Card size="small" key={g} className="sg-profile-figure" data-testid={`grades-total-${g}`}>
                <Statistic
                  title={<GradeBadge grade={g} />}
                  value={formatNumber(data.total[g])}
                  suffix={<span className="sg-profile-share">{shareText(data.total[g], totals.total)}</span>}
                />
              </Card>
            ))}
            <Card size="small" className="sg-profile-figure" data-testid="grades-total">
              <Statistic title={t('profile.grades.graded')} value={formatNumber(totals.total)} />
            </Card>
            <Card size="small" className="sg-profile-figure" data-testid="grades-ungraded">
              <Statistic title={t('profile.grades.ungraded')} value={formatNumber(data.ungraded)} />
            </Card>
          </div>
          <Typography.Text type="secondary" data-testid="grades-model-version">
            {data.modelVersion
              ? t('profile.modelVersion', { version: data.modelVersion })
              : t('profile.grades.noModel')}
          </Typography.Text>
          <Card size="small" title={t(`profile.grades.chartBy.${filters.groupBy}`)}>
            {rows.length === 0 ? (
              <Empty description={t('profile.grades.empty')} />
            ) : (
              <Suspense fallback={<Spin />}>
                <ProfileChart option={option} height={rows.length > 6 ? 380 : 320} testId="grades-chart" />
              </Suspense>
            )}
          </Card>
          <Table<DistributionRow>
            size="small"
            rowKey="key"
            dataSource={rows}
            columns={columns}
            pagination={false}
            scroll={{ x: 'max-content' }}
            data-testid="grades-table"
            onRow={(r) => ({ 'data-testid': 'grades-row', 'data-key': r.key }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty description={t('profile.grades.empty')} /> }}
            summary={() => (
              <Table.Summary fixed>
                <Table.Summary.Row data-testid="grades-sum-row">
                  <Table.Summary.Cell index={0}>
                    <strong>{t('profile.grades.total')}</strong>
                  </Table.Summary.Cell>
                  {GRADES.map((g, i) => (
                    <Table.Summary.Cell key={g} index={i + 1} align="right">
                      {countCell(totals, g)}
                    </Table.Summary.Cell>
                  ))}
                  <Table.Summary.Cell index={GRADES.length + 1} align="right">
                    <strong>{formatNumber(totalOf(data.total))}</strong>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              </Table.Summary>
            )}
          />
        </div>
      )}

      <HitRatesCard jurisdictionId={filters.jurisdictionId} />

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('profile.changes.title')}
      </Typography.Title>
      {changes.error !== null && <ErrorAlert error={changes.error} onRetry={changes.reload} />}
      <div className="sg-profile-changes" data-testid="grade-changes" data-count={changes.items.length}>
        {changes.items.length === 0 && changes.loading === null && changes.error === null && (
          <Empty description={t('profile.changes.empty')} />
        )}
        {changes.items.map((c, index) => (
          <div
            key={`${c.enterpriseId}-${c.at}-${index}`}
            className="sg-profile-change"
            data-testid="grade-change"
            data-enterprise={c.enterpriseId}
            data-grade={c.grade}
          >
            <div className="sg-profile-change-head">
              <Link to={profilePath(c.enterpriseId)} data-testid="grade-change-link">
                {c.enterpriseName}
              </Link>
              <span>
                {c.previousGrade ? (
                  <>
                    <GradeBadge grade={c.previousGrade} /> → <GradeBadge grade={c.grade} />
                  </>
                ) : (
                  <>
                    <Typography.Text type="secondary">{t('profile.changes.first')}</Typography.Text>{' '}
                    <GradeBadge grade={c.grade} />
                  </>
                )}
              </span>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(c.at)} · {t('profile.history.score', { score: c.score })} ·{' '}
              {lookup(`profile.reason.${c.reason}`) ?? c.reason} ·{' '}
              {t('profile.modelVersion', { version: c.modelVersion })}
            </Typography.Text>
          </div>
        ))}
      </div>
      {changes.loading && (
        <div className="sg-center" style={{ padding: 16 }}>
          <Spin />
        </div>
      )}
      {changes.hasMore && (
        <Button
          block
          onClick={changes.loadMore}
          disabled={changes.loading !== null}
          data-testid="grade-changes-more"
          style={{ marginTop: 8 }}
        >
          {t('common.loadMore')}
        </Button>
      )}
      {!changes.hasMore && changes.items.length > 0 && changes.loading === null && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, textAlign: 'center' }}>
          {t('common.allLoaded')}
        </Typography.Text>
      )}
    </div>
  );
}
