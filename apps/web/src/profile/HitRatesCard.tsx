import { useMemo } from 'react';
import { Card, Table, Typography } from 'antd';
import type { HitRates } from '@safegrid/contracts';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useI18n } from '../shell/i18n/I18nProvider';
import { useApiGet } from '../grid/common/useApi';
import { GradeBadge } from './GradeBadge';
import { hitRatesUrl, hitRateText, lastTwelveMonths } from './profileModel';

type Row = HitRates['rows'][number];

/**
 * Targeting calibration: of the patrols done in the last twelve months, the share that found a
 * hazard, by the grade that planned them — whether red really means riskier.
 */
export function HitRatesCard({ jurisdictionId }: { jurisdictionId: string | null }) {
  const { t, formatNumber } = useI18n();
  const period = useMemo(() => lastTwelveMonths(new Date()), []);
  const rates = useApiGet<HitRates>(hitRatesUrl(period, jurisdictionId));
  return (
    <Card
      size="small"
      title={t('profile.hitRates.title', period)}
      style={{ marginTop: 24 }}
      data-testid="hit-rates"
    >
      <Typography.Paragraph type="secondary">{t('profile.hitRates.explain')}</Typography.Paragraph>
      {rates.error !== null && <ErrorAlert error={rates.error} onRetry={rates.reload} />}
      <Table<Row>
        size="small"
        rowKey="tier"
        loading={rates.loading}
        dataSource={rates.data?.rows ?? []}
        pagination={false}
        columns={[
          {
            title: t('profile.hitRates.tier'),
            dataIndex: 'tier',
            render: (tier: Row['tier']) =>
              tier === 'ungraded' ? t('profile.grades.ungraded') : <GradeBadge grade={tier} />,
          },
          {
            title: t('profile.hitRates.inspected'),
            dataIndex: 'inspected',
            align: 'right',
            render: formatNumber,
          },
          {
            title: t('profile.hitRates.withHazards'),
            dataIndex: 'withHazards',
            align: 'right',
            render: formatNumber,
          },
          {
            title: t('profile.hitRates.rate'),
            dataIndex: 'rate',
            align: 'right',
            render: (rate: number | null) => hitRateText(rate),
          },
          {
            title: t('profile.hitRates.hazards'),
            dataIndex: 'hazards',
            align: 'right',
            render: formatNumber,
          },
          {
            title: t('profile.hitRates.major'),
            dataIndex: 'majorHazards',
            align: 'right',
            render: formatNumber,
          },
        ]}
      />
    </Card>
  );
}
