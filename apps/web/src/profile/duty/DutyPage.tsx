import { lazy, Suspense, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  Button,
  Card,
  DatePicker,
  Drawer,
  Empty,
  Segmented,
  Spin,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TableProps } from 'antd';
import dayjs from 'dayjs';
import type {
  Duty,
  DutyAspectDefinition,
  DutyAspectScore,
  DutyRecord,
  DutyRecords,
  DutyRow,
} from '@safegrid/contracts';
import { DUTY_GROUPS } from '@safegrid/contracts/values';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useApiGet } from '../../grid/common/useApi';
import { monthOf, previousMonth } from '../../grid/assessment/assessmentModel';
import { GradeBadge } from '../GradeBadge';
import {
  band,
  BAND_COLORS,
  dayText,
  dutyRecordsUrl,
  dutyUrl,
  localText,
  partsText,
  pointsText,
  rateText,
  RECORD_MEANING,
  recordPath,
  totalsBarOption,
} from './dutyModel';

const DutyChart = lazy(() => import('./DutyChart'));

type Group = (typeof DUTY_GROUPS)[number];
type Filter = 'all' | 'shortfall';

interface Drill {
  key: string;
  name: string;
  aspect: DutyAspectDefinition;
}

const RECORD_LIMIT = 200;

/**
 * 政府履职评分 (`/profile/duty`): a month's nine duty aspects per street or grid, with points,
 * total and ranking; a chart of the totals; every figure opens the records it counts. Last month
 * by default: the current one is still running.
 */
export default function DutyPage() {
  const { t, locale, formatDateTime } = useI18n();
  useDocumentTitle(t('duty.title'));
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? previousMonth(monthOf(new Date()));
  const groupBy = (params.get('groupBy') === 'grid' ? 'grid' : 'street') as Group;
  const duty = useApiGet<Duty>(dutyUrl(month, groupBy));
  const [drill, setDrill] = useState<Drill | null>(null);
  const set = (changes: Record<string, string>) =>
    setParams({ month, groupBy, ...changes }, { replace: true });

  const data = duty.data;
  const option = useMemo(() => data && totalsBarOption(data.rows, t('duty.total')), [data, t]);

  const definitionTip = (a: DutyAspectDefinition) => (
    <div>
      <div>{localText(a.measures, locale)}</div>
      <div>{t('duty.numerator', { text: localText(a.numerator, locale) })}</div>
      <div>{t('duty.denominator', { text: localText(a.denominator, locale) })}</div>
      <div>
        {t(`duty.direction.${a.direction}`)} · {t('duty.weight', { weight: a.weight })} ·{' '}
        {t(`duty.rule.${a.direction}`)}
        {a.targetDays !== null && ` · ${t('duty.targetDays', { days: a.targetDays })}`}
      </div>
    </div>
  );

  const cell = (row: DutyRow, a: DutyAspectDefinition, score: DutyAspectScore) => (
    <Tooltip
      title={
        score.rate === null
          ? t('duty.notMeasured')
          : t('duty.cellTitle', {
              parts: partsText(score),
              points: pointsText(score.points),
              weight: a.weight,
            })
      }
    >
      <Button
        type="link"
        size="small"
        onClick={() => setDrill({ key: row.key, name: row.name, aspect: a })}
        data-testid={`duty-cell-${a.id}`}
        data-numerator={score.numerator}
        data-denominator={score.denominator}
        style={{ color: BAND_COLORS[band(score.points, a.weight)], paddingInline: 0 }}
      >
        {rateText(score)}
        <Typography.Text type="secondary" style={{ marginInlineStart: 4, fontSize: 12 }}>
          {pointsText(score.points)}
        </Typography.Text>
      </Button>
    </Tooltip>
  );

  const columns: TableProps<DutyRow>['columns'] = data
    ? [
        { key: 'rank', title: t('duty.rank'), dataIndex: 'rank', width: 64, fixed: 'left' },
        { key: 'name', title: t(`duty.group.${groupBy}`), dataIndex: 'name', width: 180, fixed: 'left' },
        {
          key: 'total',
          title: t('duty.total'),
          width: 96,
          render: (_, r) => (
            <Tooltip
              title={r.measuredWeight < 100 ? t('duty.totalScaled', { weight: r.measuredWeight }) : undefined}
            >
              <strong style={{ color: BAND_COLORS[band(r.total, 100)] }} data-testid="duty-total">
                {pointsText(r.total)}
                {r.measuredWeight < 100 && r.total !== null && '*'}
              </strong>
            </Tooltip>
          ),
        },
        ...data.aspects.map((a, i) => ({
          key: a.id,
          width: 120,
          title: (
            <Tooltip title={definitionTip(a)}>
              <span>
                {localText(a.label, locale)}
                <Typography.Text
                  type="secondary"
                  style={{ display: 'block', fontSize: 12, fontWeight: 'normal' }}
                >
                  {t('duty.weight', { weight: a.weight })}
                </Typography.Text>
              </span>
            </Tooltip>
          ),
          render: (_: unknown, r: DutyRow) => cell(r, a, r.aspects[i]!),
        })),
      ]
    : undefined;

  return (
    <div data-testid="duty-page">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('duty.title')}
        </Typography.Title>
      </div>
      <div className="sg-toolbar" style={{ flexWrap: 'wrap', gap: 8 }}>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          disabledDate={(d) => d.format('YYYY-MM') > monthOf(new Date())}
          onChange={(d) => d && set({ month: d.format('YYYY-MM') })}
          data-testid="duty-month"
        />
        <Segmented<Group>
          value={groupBy}
          onChange={(v) => set({ groupBy: v })}
          options={DUTY_GROUPS.map((g) => ({ value: g, label: t(`duty.group.${g}`) }))}
          data-testid="duty-group"
        />
      </div>
      {duty.error !== null && <ErrorAlert error={duty.error} onRetry={duty.reload} />}
      {duty.loading && <Spin />}
      {data && option && columns && (
        <div style={{ display: 'grid', gap: 12 }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('duty.explain', { version: data.version })} {localText(data.scoring, locale)}{' '}
            {t('duty.cutOff', { time: formatDateTime(data.cutOff) })}
          </Typography.Paragraph>
          {data.rows.length > 0 && (
            <Card size="small" title={t('duty.chartTitle')}>
              <Suspense fallback={<Spin />}>
                <DutyChart option={option} height={data.rows.length > 6 ? 340 : 280} />
              </Suspense>
            </Card>
          )}
          <Table<DutyRow>
            rowKey="key"
            size="small"
            scroll={{ x: 1500 }}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            dataSource={data.rows}
            columns={columns}
            data-testid="duty-table"
            locale={{ emptyText: <Empty description={t('duty.empty')} /> }}
            onRow={(row) => ({ 'data-testid': 'duty-row', 'data-key': row.key }) as never}
          />
        </div>
      )}
      <RecordsDrawer month={month} groupBy={groupBy} drill={drill} onClose={() => setDrill(null)} />
    </div>
  );
}

function RecordsDrawer({
  month,
  groupBy,
  drill,
  onClose,
}: {
  month: string;
  groupBy: Group;
  drill: Drill | null;
  onClose(): void;
}) {
  const { t, locale, formatDateTime, lookup } = useI18n();
  const [filter, setFilter] = useState<Filter>('all');
  const counted = drill && filter === 'shortfall' ? drill.aspect.direction === 'lower_better' : undefined;
  const records = useApiGet<DutyRecords>(
    drill
      ? dutyRecordsUrl({
          month,
          groupBy,
          key: drill.key,
          aspect: drill.aspect.id,
          counted,
          limit: RECORD_LIMIT,
        })
      : null,
  );
  const statusText = (status: string) =>
    lookup(`hz.status.${status}`) ??
    lookup(`patrol.status.${status}`) ??
    lookup(`duty.result.${status}`) ??
    status;

  const describe = (r: DutyRecord) => {
    const meaning = RECORD_MEANING[drill!.aspect.id];
    const parts: string[] = [];
    if (meaning.day && r.day) parts.push(t(`duty.day.${meaning.day}`, { day: dayText(r.day, meaning.day) }));
    if (meaning.day && !r.day && (meaning.day === 'lastPlanned' || meaning.day === 'lastPatrolled')) {
      parts.push(t(`duty.dayNone.${meaning.day}`));
    }
    if (meaning.at && r.at) parts.push(t(`duty.at.${meaning.at}`, { time: formatDateTime(r.at) }));
    if (meaning.at === 'reported' && !r.at) parts.push(t('duty.notReported'));
    if (r.hours !== null) parts.push(t('duty.hours', { hours: r.hours }));
    if (r.status) parts.push(statusText(r.status));
    if (r.referralStatus) {
      parts.push(
        t('duty.referral', {
          status: r.referralStatus === 'open' ? t('duty.referralOpen') : r.referralStatus,
        }),
      );
    }
    return parts.join(' · ');
  };

  return (
    <Drawer
      open={drill !== null}
      onClose={() => {
        setFilter('all');
        onClose();
      }}
      width={560}
      title={
        drill
          ? t('duty.recordsTitle', { name: drill.name, aspect: localText(drill.aspect.label, locale) })
          : ''
      }
    >
      {drill && (
        <Typography.Paragraph type="secondary">
          {t('duty.numerator', { text: localText(drill.aspect.numerator, locale) })}
          <br />
          {t('duty.denominator', { text: localText(drill.aspect.denominator, locale) })}
        </Typography.Paragraph>
      )}
      <Segmented<Filter>
        value={filter}
        onChange={setFilter}
        options={[
          { value: 'all', label: t('duty.filter.all') },
          { value: 'shortfall', label: t('duty.filter.shortfall') },
        ]}
        style={{ marginBottom: 8 }}
        data-testid="duty-records-filter"
      />
      {records.error !== null && <ErrorAlert error={records.error} onRetry={records.reload} />}
      {records.loading && <Spin />}
      {records.data && (
        <div data-testid="duty-records" data-count={records.data.items.length}>
          {records.data.items.length === 0 && <Empty description={t('duty.noRecords')} />}
          {records.data.items.map((r, i) => (
            <div
              key={`${r.kind}-${r.id}-${i}`}
              className="sg-assessment-record"
              style={{ padding: '8px 0', borderBottom: '1px solid rgba(0, 0, 0, 0.06)' }}
              data-testid="duty-record"
              data-counted={r.counted}
            >
              <Link to={recordPath(r)}>{r.enterpriseName}</Link>{' '}
              {r.shortfall ? (
                <Tag color="red">{t('duty.shortfall')}</Tag>
              ) : (
                <Tag color="green">{t('duty.ok')}</Tag>
              )}
              {r.grade && <GradeBadge grade={r.grade} />}
              <Typography.Text type="secondary" style={{ display: 'block' }}>
                {describe(r)}
              </Typography.Text>
            </div>
          ))}
          {records.data.truncated && (
            <Typography.Text type="secondary">{t('duty.truncated', { limit: RECORD_LIMIT })}</Typography.Text>
          )}
        </div>
      )}
    </Drawer>
  );
}
