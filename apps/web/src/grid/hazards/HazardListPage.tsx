import { useCallback, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Checkbox, Empty, Select, Spin, Tag, Typography } from 'antd';
import type { HazardSummary } from '@safegrid/contracts';
import { HAZARD_LEVELS, HAZARD_STATUSES } from '@safegrid/contracts/values';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useNextList } from '../common/useNextList';
import { useOffline } from '../offline/OfflineProvider';
import { hazardListUrl, hazardPath, type HazardFilters } from './hazardsApi';
import { hazardFiltersToSearch, parseHazardFilters } from './hazardModel';
import { HazardBadges, HazardStatusTag } from './HazardTags';
import '../patrols/patrols.css';
import '../../enforcement/inspections/inspections.css';
import './hazards.css';

/** 隐患 (`/grid/hazards`): the hazards in scope, filters in the URL, keyset "load more". */
export default function HazardListPage() {
  const { t } = useI18n();
  useDocumentTitle(t('hz.listTitle'));
  const { generation } = useOffline();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = useMemo(() => parseHazardFilters(searchParams), [searchParams]);
  const list = useNextList<HazardSummary>(
    hazardListUrl(filters, null),
    (after) => hazardListUrl(filters, after),
    generation,
  );
  const update = useCallback(
    (patch: Partial<HazardFilters>) =>
      setSearchParams(hazardFiltersToSearch({ ...filters, ...patch }), { replace: true }),
    [filters, setSearchParams],
  );

  return (
    <div className="sg-hazards">
      <Typography.Title level={4} className="sg-page-title">
        {t('hz.listTitle')}
      </Typography.Title>
      <div className="sg-toolbar" data-testid="hazard-filters">
        <Select
          value={filters.status}
          onChange={(status) => update({ status })}
          style={{ minWidth: 130 }}
          data-testid="hazard-filter-status"
          options={[
            { value: '', label: t('hz.allStatuses') },
            ...HAZARD_STATUSES.map((s) => ({ value: s, label: t(`hz.status.${s}`) })),
          ]}
        />
        <Select
          value={filters.level}
          onChange={(level) => update({ level })}
          style={{ minWidth: 130 }}
          data-testid="hazard-filter-level"
          options={[
            { value: '', label: t('hz.allLevels') },
            ...HAZARD_LEVELS.map((l) => ({ value: l, label: t(`hz.level.${l}`) })),
          ]}
        />
        <Checkbox
          checked={filters.overdue}
          onChange={(e) => update({ overdue: e.target.checked })}
          data-testid="hazard-filter-overdue"
        >
          {t('hz.overdueOnly')}
        </Checkbox>
        {filters.enterpriseId && (
          <Tag closable onClose={() => update({ enterpriseId: '' })} data-testid="hazard-filter-enterprise">
            {t('hz.filterEnterprise', { id: filters.enterpriseId })}
          </Tag>
        )}
        {filters.gridId && (
          <Tag closable onClose={() => update({ gridId: '' })} data-testid="hazard-filter-grid">
            {t('hz.filterGrid', { id: filters.gridId })}
          </Tag>
        )}
      </div>
      {list.error !== null && <ErrorAlert error={list.error} onRetry={list.reload} />}
      <div className="sg-hazard-list" data-testid="hazard-list" data-count={list.items.length}>
        {list.items.length === 0 && list.loading === null && list.error === null && (
          <Empty description={t('hz.empty')} />
        )}
        {list.items.map((h) => (
          <Link
            key={h.id}
            to={hazardPath(h.id)}
            className="sg-hazard-row"
            data-testid="hazard-row"
            data-id={h.id}
            data-status={h.status}
            data-level={h.level}
            data-overdue={String(h.overdue)}
          >
            <div className="sg-hazard-row-head">
              <span className="sg-hazard-row-name">{h.enterpriseName}</span>
              <HazardStatusTag status={h.status} />
            </div>
            <div className="sg-hazard-row-text">{h.description}</div>
            <div className="sg-hazard-row-meta">
              <HazardBadges hazard={h} />
              {h.deadline && <span>{t('hz.deadlineOn', { date: h.deadline })}</span>}
            </div>
          </Link>
        ))}
      </div>
      {list.loading && (
        <div className="sg-center-small">
          <Spin />
        </div>
      )}
      {list.hasMore && (
        <Button
          block
          onClick={list.loadMore}
          disabled={list.loading !== null}
          data-testid="hazard-load-more"
          style={{ marginTop: 8 }}
        >
          {t('common.loadMore')}
        </Button>
      )}
    </div>
  );
}
