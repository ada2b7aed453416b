import { Link } from 'react-router';
import { Button, Checkbox, Empty, Select, Spin, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { DispatchEventSummary } from '@safegrid/contracts';
import { DISPATCH_SOURCES, DISPATCH_STATUSES } from '@safegrid/contracts/values';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useKeysetList } from '../../shell/useKeysetList';
import { useSession } from '../../identity/SessionProvider';
import { DISPATCH_NEW_PATH, dispatchEventPath, dispatchListUrl } from './dispatchApi';
import { dispatchFiltersToSearch, parseDispatchFilters, type DispatchFilters } from './dispatchModel';
import { DispatchStatusTag, OverdueTag, SourceTag, UrgencyTag } from './DispatchTags';
import './dispatch.css';

const pageUrl = (filters: DispatchFilters, cursor: string | null) => dispatchListUrl(filters, cursor);

/**
 * 事件分拨 (`/grid/dispatch`): the events in the caller's scope, newest first; filters by status,
 * source and overdue in the URL; keyset "load more".
 */
export default function DispatchListPage() {
  const { t, formatDateTime } = useI18n();
  useDocumentTitle(t('dispatch.listTitle'));
  const { can } = useSession();
  const list = useKeysetList<DispatchEventSummary, DispatchFilters>({
    parse: parseDispatchFilters,
    toSearch: dispatchFiltersToSearch,
    pageUrl,
  });
  const { filters, updateFilters } = list;

  return (
    <div className="sg-dispatch">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('dispatch.listTitle')}
        </Typography.Title>
        {can('dispatch.report') && (
          <Link to={DISPATCH_NEW_PATH}>
            <Button type="primary" icon={<PlusOutlined />} data-testid="dispatch-new">
              {t('dispatch.new')}
            </Button>
          </Link>
        )}
      </div>
      <div className="sg-toolbar sg-dispatch-filters">
        <Select
          allowClear
          placeholder={t('dispatch.filter.status')}
          value={filters.status ?? undefined}
          onChange={(v) => updateFilters({ status: v ?? null })}
          options={DISPATCH_STATUSES.map((s) => ({ value: s, label: t(`dispatch.status.${s}`) }))}
          data-testid="dispatch-filter-status"
          style={{ minWidth: 140 }}
        />
        <Select
          allowClear
          placeholder={t('dispatch.filter.source')}
          value={filters.source ?? undefined}
          onChange={(v) => updateFilters({ source: v ?? null })}
          options={DISPATCH_SOURCES.map((s) => ({ value: s, label: t(`dispatch.source.${s}`) }))}
          data-testid="dispatch-filter-source"
          style={{ minWidth: 140 }}
        />
        <Checkbox
          checked={filters.overdue}
          onChange={(e) => updateFilters({ overdue: e.target.checked })}
          data-testid="dispatch-filter-overdue"
        >
          {t('dispatch.filter.overdue')}
        </Checkbox>
        {(filters.status || filters.source || filters.overdue) && (
          <Button type="link" onClick={list.resetFilters} data-testid="dispatch-filter-reset">
            {t('dispatch.filter.reset')}
          </Button>
        )}
      </div>
      {list.error !== null && <ErrorAlert error={list.error} onRetry={list.reload} />}
      {list.loading === 'first' && list.items.length === 0 && <Spin />}
      <div className="sg-dispatch-list" data-testid="dispatch-list" data-count={list.items.length}>
        {list.loading === null && list.error === null && list.items.length === 0 && (
          <Empty description={t('dispatch.empty')} />
        )}
        {list.items.map((e) => (
          <Link
            key={e.id}
            to={dispatchEventPath(e.id)}
            className="sg-dispatch-row"
            data-testid="dispatch-row"
            data-id={e.id}
            data-status={e.status}
            data-overdue={String(e.overdue)}
          >
            <div className="sg-dispatch-row-head">
              <span className="sg-dispatch-row-text">{e.description}</span>
              <DispatchStatusTag status={e.status} />
            </div>
            <div className="sg-dispatch-row-meta">
              <UrgencyTag urgency={e.urgency} />
              <SourceTag source={e.source} />
              {e.overdue && <OverdueTag />}
              <span>
                {e.place.streetName} · {e.place.gridName}
              </span>
              {e.department && <span>→ {e.department.name}</span>}
            </div>
            <div className="sg-dispatch-row-meta sg-dispatch-small">
              <span>
                {t('dispatch.createdAt')}：{formatDateTime(e.createdAt)}
              </span>
              {e.stepDueAt && (
                <span className={e.overdue ? 'sg-dispatch-late' : undefined}>
                  {t('dispatch.stepDueAt')}：{formatDateTime(e.stepDueAt)}
                </span>
              )}
            </div>
          </Link>
        ))}
      </div>
      <div className="sg-dispatch-more">
        <Typography.Text type="secondary" data-testid="dispatch-count">
          {list.hasMore
            ? t('common.loaded', { count: list.items.length })
            : list.items.length > 0
              ? t('common.allLoaded')
              : ''}
        </Typography.Text>
        {list.hasMore && (
          <Button onClick={list.loadMore} loading={list.loading === 'more'} data-testid="dispatch-load-more">
            {t('common.loadMore')}
          </Button>
        )}
      </div>
    </div>
  );
}
