import { lazy, Suspense, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Card, DatePicker, Spin, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import type { HazardStatistics } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useApiGet } from '../common/useApi';
import './assessment.css';
import {
  addMonths,
  ASSESSMENT_PATH,
  monthOf,
  shareText,
  stackedBarOption,
  statisticsUrl,
  trendOption,
  type ChartLabels,
} from './assessmentModel';

const StatisticsChart = lazy(() => import('./StatisticsChart'));

/** 隐患统计 (`/grid/statistics`): hazards by street, 工贸 category and source, and the monthly trend. */
export default function StatisticsPage() {
  const { t } = useI18n();
  useDocumentTitle(t('statistics.title'));
  const [params, setParams] = useSearchParams();
  const current = monthOf(new Date());
  const to = params.get('to') ?? current;
  const from = params.get('from') ?? addMonths(to, -5);
  const stats = useApiGet<HazardStatistics>(statisticsUrl(from, to));
  const labels: ChartLabels = useMemo(
    () => ({
      general: t('statistics.general'),
      major: t('statistics.major'),
      found: t('statistics.found'),
      closed: t('statistics.closed'),
    }),
    [t],
  );
  const data = stats.data;
  const options = useMemo(
    () =>
      data && {
        street: stackedBarOption(
          data.byStreet.map((s) => s.name),
          data.byStreet.map((s) => s.general),
          data.byStreet.map((s) => s.major),
          labels,
        ),
        category: stackedBarOption(
          data.byCategory.map((c) => t(`category.${c.category}`)),
          data.byCategory.map((c) => c.general),
          data.byCategory.map((c) => c.major),
          labels,
        ),
        source: stackedBarOption(
          data.bySource.map((s) => t(`statistics.source.${s.source}`)),
          data.bySource.map((s) => s.general),
          data.bySource.map((s) => s.major),
          labels,
        ),
        trend: trendOption(data, labels),
      },
    [data, labels, t],
  );

  return (
    <div>
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('statistics.title')}
        </Typography.Title>
        <Link to={ASSESSMENT_PATH}>{t('statistics.toAssessment')}</Link>
      </div>
      <div className="sg-toolbar">
        <DatePicker.RangePicker
          picker="month"
          allowClear={false}
          value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
          disabledDate={(d) => d.format('YYYY-MM') > current}
          onChange={(range) => {
            if (range?.[0] && range[1])
              setParams({ from: range[0].format('YYYY-MM'), to: range[1].format('YYYY-MM') });
          }}
          data-testid="statistics-range"
        />
      </div>
      {stats.error !== null && <ErrorAlert error={stats.error} onRetry={stats.reload} />}
      {stats.loading && <Spin />}
      {data && options && (
        <div className="sg-statistics" data-testid="statistics" data-total={data.total}>
          <div className="sg-statistics-kpis">
            <Card size="small">
              <Statistic title={t('statistics.total')} value={data.total} />
            </Card>
            <Card size="small">
              <Statistic title={t('statistics.rectification')} value={shareText(data.rectification)} />
            </Card>
            <Card size="small">
              <Statistic title={t('statistics.overdue')} value={shareText(data.overdue)} />
            </Card>
          </div>
          <Suspense fallback={<Spin />}>
            <Card size="small" title={t('statistics.byStreet')}>
              <StatisticsChart option={options.street} height={320} testId="chart-by-street" />
            </Card>
            <Card size="small" title={t('statistics.trend')}>
              <StatisticsChart option={options.trend} height={280} testId="chart-trend" />
            </Card>
            <Card size="small" title={t('statistics.byCategory')}>
              <StatisticsChart option={options.category} height={280} testId="chart-by-category" />
            </Card>
            <Card size="small" title={t('statistics.bySource')}>
              <StatisticsChart option={options.source} height={240} testId="chart-by-source" />
            </Card>
          </Suspense>
        </div>
      )}
    </div>
  );
}
