import { useCallback, useEffect, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, Badge, Col, Row, Select, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { PermitSummary } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { isAbortError } from '../../shell/api';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { useJurisdictionTree } from '../../grid/jurisdiction/useJurisdictionTree';
import { fetchAllPages, permitsUrl } from '../confinedApi';
import { alarmTouchesList, applyPermitEvent, sortLivePermits } from '../streamModel';
import { useConfinedStream } from '../common/stream';
import { StreamBadge } from '../common/StreamBadge';
import { PermitStatusTag } from '../common/PermitStatusTag';
import { LiveMap } from './LiveMap';

const PAGE_LIMIT = 500;
const MAX_PAGES = 4;
/** Alarm events only change counts: refetch at most once a second for a burst of them. */
const ALARM_REFETCH_DELAY_MS = 1000;

/** The regulators' live city view (`/confined`): approved, active and suspended permits. */
export default function LiveMonitorPage() {
  const { t, formatDateTime, formatNumber } = useI18n();
  useDocumentTitle(t('nav.confinedLive'));
  const navigate = useNavigate();
  const { can } = useSession();
  const mayReadAreas = can('jurisdiction.read');
  const jurisdictions = useJurisdictionTree();
  const [searchParams, setSearchParams] = useSearchParams();
  const districtId = (searchParams.get('districtId') ?? '').slice(0, 20);

  const [items, setItems] = useState<PermitSummary[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [truncated, setTruncated] = useState(false);
  const request = useRef<AbortController | null>(null);
  const alarmTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(() => {
    request.current?.abort();
    const controller = new AbortController();
    request.current = controller;
    setLoading(true);
    fetchAllPages<PermitSummary>(
      (cursor) => permitsUrl({ live: true, districtId: districtId || undefined }, cursor, PAGE_LIMIT),
      { maxPages: MAX_PAGES, signal: controller.signal },
    )
      .then((result) => {
        if (request.current !== controller) return;
        setItems(result.items);
        setTruncated(result.truncated);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!isAbortError(e) && request.current === controller) setError(e);
      })
      .finally(() => {
        if (request.current === controller) setLoading(false);
      });
  }, [districtId]);

  useEffect(() => {
    load();
    return () => request.current?.abort();
  }, [load]);
  useEffect(
    () => () => {
      if (alarmTimer.current) clearTimeout(alarmTimer.current);
    },
    [],
  );

  const itemsRef = useRef(items);
  useEffect(() => {
    itemsRef.current = items;
  }, [items]);

  const stream = useConfinedStream({
    onOpen: load,
    onEvent: (event) => {
      if (event.type === 'permit') {
        const result = applyPermitEvent(itemsRef.current, event.permit);
        itemsRef.current = result.items;
        setItems(result.items);
        if (result.refetch) load();
      } else if (alarmTouchesList(itemsRef.current, event.alarm) && !alarmTimer.current) {
        alarmTimer.current = setTimeout(() => {
          alarmTimer.current = null;
          load();
        }, ALARM_REFETCH_DELAY_MS);
      }
    },
  });

  const sorted = useMemo(() => sortLivePermits(items), [items]);
  const unplaced = items.filter((p) => p.lon === null || p.lat === null).length;
  const districts = useMemo(
    () =>
      (jurisdictions.data?.roots ?? [])
        .filter((r) => r.node.level === 'district')
        .map((r) => ({ value: r.node.id, label: r.node.name })),
    [jurisdictions.data],
  );
  const districtName = (id: string) => jurisdictions.data?.byId.get(id)?.name;

  const columns: TableProps<PermitSummary>['columns'] = [
    {
      key: 'space',
      title: t('live.colSpace'),
      render: (_, p) => (
        <Space orientation="vertical" size={0}>
          <Link
            to={`/confined/permits/${encodeURIComponent(p.id)}`}
            data-testid="confined-live-link"
            onClick={(e) => e.stopPropagation()}
          >
            {p.spaceName}
          </Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.enterpriseName}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: 'district',
      title: t('level.district'),
      responsive: ['lg'],
      render: (_, p) => districtName(p.districtId) ?? '—',
    },
    { key: 'work', title: t('live.colWork'), dataIndex: 'workContent', responsive: ['xl'], ellipsis: true },
    {
      key: 'status',
      title: t('live.colStatus'),
      render: (_, p) => <PermitStatusTag status={p.status} />,
    },
    {
      key: 'window',
      title: t('live.colWindow'),
      responsive: ['md'],
      render: (_, p) =>
        t('live.window', { start: formatDateTime(p.windowStart), end: formatDateTime(p.windowEnd) }),
    },
    {
      key: 'alarms',
      title: t('live.colAlarms'),
      align: 'right',
      render: (_, p) =>
        p.openAlarms > 0 ? (
          <Badge count={p.openAlarms} overflowCount={99} data-testid="confined-live-alarms" />
        ) : (
          <Typography.Text type="secondary">0</Typography.Text>
        ),
    },
  ];

  return (
    <div data-testid="confined-live-page">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('live.title')}
        </Typography.Title>
        <StreamBadge state={stream} />
      </div>
      <div className="sg-toolbar">
        {mayReadAreas && (
          <Select
            data-testid="confined-filter-district"
            style={{ minWidth: 180 }}
            allowClear
            loading={jurisdictions.loading}
            placeholder={t('live.filterDistrict')}
            value={districtId || undefined}
            options={districts}
            onChange={(value?: string) => setSearchParams(value ? { districtId: value } : {})}
          />
        )}
        <Typography.Text type="secondary" data-testid="confined-live-count">
          {t('live.count', { count: formatNumber(items.length) })}
        </Typography.Text>
      </div>
      {truncated && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('live.truncated', { count: formatNumber(items.length) })}
        />
      )}
      {error !== null && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={error} onRetry={load} />
        </div>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Table<PermitSummary>
            data-testid="confined-live-table"
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={sorted}
            loading={loading && items.length === 0}
            pagination={sorted.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('live.empty') }}
            onRow={(record) =>
              ({
                'data-testid': 'confined-live-row',
                'data-id': record.id,
                'data-status': record.status,
                style: { cursor: 'pointer' },
                onClick: () => navigate(`/confined/permits/${encodeURIComponent(record.id)}`),
              }) as HTMLAttributes<HTMLElement>
            }
          />
        </Col>
        <Col xs={24} xl={10}>
          <LiveMap permits={sorted} boundaries={mayReadAreas} />
          {unplaced > 0 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
              {t('live.noPosition', { count: formatNumber(unplaced) })}
            </Typography.Paragraph>
          )}
        </Col>
      </Row>
    </div>
  );
}
