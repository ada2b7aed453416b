import { lazy, Suspense, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Card, DatePicker, Segmented, Spin, Statistic, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import type { EnforcementStatistics, EnforcementStatisticsRow } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n, type MessageKey } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useApiGet } from '../../grid/common/useApi';
import {
  addMonths,
  GROUPINGS,
  isGrouping,
  percentText,
  shenzhenMonth,
  statisticsOption,
  statisticsUrl,
  yuanText,
  type Grouping,
} from './statisticsModel';

const EnforcementStatisticsChart = lazy(() => import('./EnforcementStatisticsChart'));

/** 执法统计 (`/enforcement/statistics`): inspections, hazards found, penalties and fines, grouped. */
export default function EnforcementStatisticsPage() {
  const { t, locale } = useI18n();
  useDocumentTitle(t('enforcementStatistics.title'));
  const [params, setParams] = useSearchParams();
  const current = shenzhenMonth(new Date());
  const to = params.get('to') ?? current;
  const from = params.get('from') ?? addMonths(to, -11);
  const byParam = params.get('by');
  const by: Grouping = isGrouping(byParam) ? byParam : 'district';
  const stats = useApiGet<EnforcementStatistics>(statisticsUrl(from, to, by));
  const data = stats.data;

  const rowLabel = useMemo(
    () => (row: EnforcementStatisticsRow) =>
      data?.by === 'industry' ? t(`category.${row.key}` as MessageKey) : row.label,
    [data?.by, t],
  );
  const option = useMemo(
    () =>
      data &&
      statisticsOption(data.rows, rowLabel, {
        inspections: t('enforcementStatistics.inspections'),
        findings: t('enforcementStatistics.findings'),
        penalties: t('enforcementStatistics.penalties'),
        fines: t('enforcementStatistics.finesWan'),
      }),
    [data, rowLabel, t],
  );
  const set = (next: Record<string, string>) => setParams({ from, to, by, ...next });

  return (
    <div>
      <Typography.Title level={4} className="sg-page-title">
        {t('enforcementStatistics.title')}
      </Typography.Title>
      <div className="sg-toolbar" style={{ display: 'flex', flexWrap: 'wrap', gap: 12, marginBottom: 12 }}>
        <DatePicker.RangePicker
          picker="month"
          allowClear={false}
          value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
          disabledDate={(d) => d.format('YYYY-MM') > current}
          onChange={(range) => {
            if (range?.[0] && range[1])
              set({ from: range[0].format('YYYY-MM'), to: range[1].format('YYYY-MM') });
          }}
          data-testid="enforcement-statistics-range"
        />
        <Segmented
          value={by}
          options={GROUPINGS.map((g) => ({
            value: g,
            label: t(`enforcementStatistics.by.${g}` as MessageKey),
          }))}
          onChange={(value) => set({ by: String(value) })}
          data-testid="enforcement-statistics-by"
        />
      </div>
      {stats.error !== null && <ErrorAlert error={stats.error} onRetry={stats.reload} />}
      {stats.loading && <Spin />}
      {data && option && (
        <div style={{ display: 'grid', gap: 12 }} data-testid="enforcement-statistics">
          {data.totals.simulatedShare > 0 && (
            <Alert
              type="warning"
              showIcon
              message={t('enforcementStatistics.simulatedNote', {
                share: percentText(data.totals.simulatedShare),
              })}
              data-testid="enforcement-statistics-simulated"
            />
          )}
          <div
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(160px, 1fr))', gap: 12 }}
          >
            <Card size="small">
              <Statistic title={t('enforcementStatistics.inspections')} value={data.totals.inspections} />
            </Card>
            <Card size="small">
              <Statistic title={t('enforcementStatistics.findings')} value={data.totals.findings} />
            </Card>
            <Card size="small">
              <Statistic title={t('enforcementStatistics.penalties')} value={data.totals.penalties} />
            </Card>
            <Card size="small">
              <Statistic
                title={t('enforcementStatistics.fines')}
                value={yuanText(data.totals.fines, locale)}
                data-testid="enforcement-statistics-fines"
              />
            </Card>
          </div>
          <Card size="small">
            <Suspense fallback={<Spin />}>
              <EnforcementStatisticsChart option={option} />
            </Suspense>
          </Card>
          <Table<EnforcementStatisticsRow>
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={data.rows}
            scroll={{ x: true }}
            columns={[
              {
                title: t(`enforcementStatistics.by.${data.by}` as MessageKey),
                key: 'label',
                render: (_, row) => rowLabel(row),
              },
              { title: t('enforcementStatistics.inspections'), dataIndex: 'inspections', align: 'right' },
              { title: t('enforcementStatistics.findings'), dataIndex: 'findings', align: 'right' },
              { title: t('enforcementStatistics.penalties'), dataIndex: 'penalties', align: 'right' },
              {
                title: t('enforcementStatistics.fines'),
                key: 'fines',
                align: 'right',
                render: (_, row) => yuanText(row.fines, locale),
              },
              {
                title: t('enforcementStatistics.simulatedShare'),
                key: 'simulated',
                align: 'right',
                render: (_, row) => percentText(row.simulatedShare),
              },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>{t('enforcementStatistics.total')}</Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  {data.totals.inspections}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  {data.totals.findings}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  {data.totals.penalties}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  {yuanText(data.totals.fines, locale)}
                </Table.Summary.Cell>
                <Table.Summary.Cell index={5} align="right">
                  {percentText(data.totals.simulatedShare)}
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
            data-testid="enforcement-statistics-table"
          />
          <Typography.Paragraph type="secondary">
            {t('enforcementStatistics.definitions')}
          </Typography.Paragraph>
        </div>
      )}
    </div>
  );
}
