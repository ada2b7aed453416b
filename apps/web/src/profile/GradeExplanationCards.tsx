import { lazy, Suspense, useMemo, type HTMLAttributes } from 'react';
import { Card, Empty, Progress, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { CheckCircleFilled, InfoCircleOutlined, WarningFilled } from '@ant-design/icons';
import type { GradeExplanation } from '@safegrid/contracts';
import { useI18n } from '../shell/i18n/I18nProvider';
import { GradeBadge } from './GradeBadge';
import { useIndicatorObjections } from './objections/IndicatorObjections';
import {
  changeState,
  GRADE_STYLES,
  overrideById,
  pickLabel,
  pointsShare,
  radarData,
  radarOption,
  sortOverrides,
  sumCheck,
  totalPointsSaved,
} from './profileModel';

const ProfileChart = lazy(() => import('./ProfileChart'));

type Dimension = GradeExplanation['dimensions'][number];
type Indicator = Dimension['indicators'][number];

function PointsCell({ points, weight }: { points: number; weight: number }) {
  return (
    <span className="sg-profile-points" data-points={points} data-weight={weight}>
      <span className="sg-profile-points-text">
        {points}/{weight}
      </span>
      <Progress
        percent={pointsShare(points, weight)}
        showInfo={false}
        size="small"
        strokeColor="#cf1322"
        className="sg-profile-points-bar"
      />
    </span>
  );
}

/** The nine dimensions as the share of each one's weight the enterprise scored. */
export function RadarCard({ explanation }: { explanation: GradeExplanation }) {
  const { t, locale } = useI18n();
  const option = useMemo(
    () =>
      radarOption(
        radarData(explanation, locale),
        t('profile.radar.series'),
        GRADE_STYLES[explanation.grade].background,
      ),
    [explanation, locale, t],
  );
  return (
    <Card size="small" title={t('profile.radar.title')} data-testid="profile-radar-card">
      <Typography.Paragraph type="secondary" className="sg-profile-hint">
        {t('profile.radar.hint')}
      </Typography.Paragraph>
      <Suspense fallback={<Spin />}>
        <ProfileChart option={option} height={340} testId="profile-radar" />
      </Suspense>
    </Card>
  );
}

/** Dimensions expanding to their indicators; the sum row shows the points add up to the score. */
export function DimensionsCard({ explanation }: { explanation: GradeExplanation }) {
  const { t, locale } = useI18n();
  const check = sumCheck(explanation);
  // Objections (异议): the pending tag on a row, and "提出异议" for the enterprise's own account.
  const objections = useIndicatorObjections(explanation);

  const indicatorColumns: TableProps<Indicator>['columns'] = [
    {
      key: 'name',
      title: t('profile.dim.indicator'),
      render: (_, i) => (
        <span>
          {pickLabel(locale, i)}{' '}
          <Tooltip title={i.measures}>
            <InfoCircleOutlined className="sg-muted-icon" aria-label={t('profile.dim.measures')} />
          </Tooltip>
          {objections.cell(i)}
        </span>
      ),
    },
    { key: 'value', title: t('profile.dim.value'), dataIndex: 'value', width: 90, align: 'right' },
    {
      key: 'points',
      title: t('profile.dim.points'),
      width: 160,
      render: (_, i) => <PointsCell points={i.points} weight={i.weight} />,
    },
    {
      key: 'direction',
      title: t('profile.dim.direction'),
      width: 110,
      render: (_, i) => (
        <Tooltip title={t(`profile.direction.${i.direction}Hint`)}>
          <Tag color={i.direction === 'risk' ? 'volcano' : 'green'} data-direction={i.direction}>
            {t(`profile.direction.${i.direction}`)}
          </Tag>
        </Tooltip>
      ),
    },
  ];

  return (
    <Card size="small" title={t('profile.dim.title')} data-testid="profile-dimensions">
      <Table<Dimension>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={explanation.dimensions}
        scroll={{ x: 'max-content' }}
        onRow={(d) =>
          ({
            'data-testid': 'profile-dimension',
            'data-id': d.id,
            'data-points': d.points,
          }) as HTMLAttributes<HTMLElement>
        }
        expandable={{
          rowExpandable: (d) => d.indicators.length > 0,
          expandedRowRender: (d) => (
            <Table<Indicator>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.indicators}
              columns={indicatorColumns}
              data-testid="profile-indicators"
              onRow={(i) =>
                ({
                  'data-testid': 'profile-indicator',
                  'data-id': i.id,
                  'data-points': i.points,
                }) as HTMLAttributes<HTMLElement>
              }
            />
          ),
        }}
        columns={[
          { key: 'name', title: t('profile.dim.dimension'), render: (_, d) => pickLabel(locale, d) },
          {
            key: 'indicators',
            title: t('profile.dim.indicators'),
            width: 90,
            align: 'right',
            render: (_, d) => d.indicators.length,
          },
          {
            key: 'points',
            title: t('profile.dim.points'),
            width: 160,
            render: (_, d) => <PointsCell points={d.points} weight={d.weight} />,
          },
        ]}
        summary={() => (
          <Table.Summary fixed>
            <Table.Summary.Row data-testid="profile-sum-row" data-sum={check.points} data-score={check.score}>
              <Table.Summary.Cell index={0} />
              <Table.Summary.Cell index={1}>
                <strong>{t('profile.dim.sum')}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} />
              <Table.Summary.Cell index={3}>
                <strong>
                  {check.points}/{check.weight}
                </strong>{' '}
                {check.ok ? (
                  <Tag color="success" icon={<CheckCircleFilled />} data-testid="profile-sum-ok">
                    {t('profile.dim.sumEqualsScore', { score: check.score })}
                  </Tag>
                ) : (
                  <Tag color="error" icon={<WarningFilled />} data-testid="profile-sum-mismatch">
                    {t('profile.dim.sumMismatch', { sum: check.points, score: check.score })}
                  </Tag>
                )}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </Table.Summary>
        )}
      />
      <Typography.Paragraph type="secondary" className="sg-profile-hint" style={{ marginTop: 8 }}>
        {t('profile.dim.hint')}
      </Typography.Paragraph>
      {objections.modal}
    </Card>
  );
}

/** The override rules: active ones (they raised the grade) first and highlighted. */
export function OverridesCard({ explanation }: { explanation: GradeExplanation }) {
  const { t, locale } = useI18n();
  const overrides = sortOverrides(explanation.overrides);
  return (
    <Card size="small" title={t('profile.override.title')} data-testid="profile-overrides">
      {explanation.baseGrade !== explanation.grade && (
        <Typography.Paragraph data-testid="profile-raised">
          {t('profile.override.raised')} <GradeBadge grade={explanation.baseGrade} /> →{' '}
          <GradeBadge grade={explanation.grade} />
        </Typography.Paragraph>
      )}
      {overrides.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('profile.override.none')} />
      )}
      <div className="sg-profile-list">
        {overrides.map((o) => (
          <div
            key={o.id}
            className={o.active ? 'sg-profile-override sg-profile-override-active' : 'sg-profile-override'}
            data-testid="profile-override"
            data-id={o.id}
            data-active={String(o.active)}
          >
            <div className="sg-profile-override-head">
              <strong>{pickLabel(locale, o)}</strong>
              {o.active ? (
                <Tag color="red">{t('profile.override.active')}</Tag>
              ) : (
                <Tag>{t('profile.override.inactive')}</Tag>
              )}
            </div>
            <div>
              {t('profile.override.minimum')} <GradeBadge grade={o.minimumGrade} />
            </div>
            {o.active && o.because === 'condition' && <div>{t('profile.override.becauseCondition')}</div>}
            {o.active && o.because === 'hold' && (
              <div>{t('profile.override.becauseHold', { months: o.holdMonthsLeft ?? '—' })}</div>
            )}
            <Typography.Text type="secondary" className="sg-profile-exit">
              {t('profile.override.exit', { text: o.exit })}
            </Typography.Text>
          </div>
        ))}
      </div>
    </Card>
  );
}

/** "What would change my grade": the fixes and the grade they reach, or why none is reachable. */
export function WhatWouldChangeCard({ explanation }: { explanation: GradeExplanation }) {
  const { t, locale } = useI18n();
  const w = explanation.whatWouldChange;
  const state = changeState(explanation);
  return (
    <Card
      size="small"
      title={t('profile.change.title')}
      data-testid="profile-what-would-change"
      data-state={state}
    >
      {state === 'lowest' && (
        <Typography.Paragraph data-testid="profile-change-lowest">
          {t('profile.change.lowest')}
        </Typography.Paragraph>
      )}
      {state === 'unreachable' && (
        <Typography.Paragraph data-testid="profile-change-unreachable">
          {t('profile.change.unreachable')}
        </Typography.Paragraph>
      )}
      {state === 'reachable' && (
        <>
          <Typography.Paragraph data-testid="profile-change-target">
            {t('profile.change.target')} {w.targetGrade ? <GradeBadge grade={w.targetGrade} /> : '—'}
            {w.scoreAfter !== null &&
              t('profile.change.scoreAfter', { before: explanation.score, after: w.scoreAfter })}
          </Typography.Paragraph>
          <ol className="sg-profile-fixes">
            {w.fixes.map((f) => (
              <li key={f.indicatorId} data-testid="profile-fix" data-indicator={f.indicatorId}>
                <div>
                  <strong>{locale === 'en' ? f.fixEn || f.fixZh : f.fixZh || f.fixEn}</strong>
                </div>
                <Typography.Text type="secondary">
                  {t('profile.change.fixDetail', {
                    indicator: pickLabel(locale, f),
                    from: f.from,
                    to: f.to,
                    points: f.pointsSaved,
                  })}
                </Typography.Text>
              </li>
            ))}
          </ol>
          <Typography.Text type="secondary">
            {t('profile.change.totalSaved', { points: totalPointsSaved(explanation) })}
          </Typography.Text>
        </>
      )}
      {w.blockedBy.length > 0 && state !== 'lowest' && (
        <div data-testid="profile-change-blocked">
          <Typography.Paragraph style={{ marginTop: state === 'reachable' ? 12 : 0 }}>
            {t('profile.change.blocked')}
          </Typography.Paragraph>
          <ul className="sg-profile-fixes">
            {w.blockedBy.map((b) => {
              const override = overrideById(explanation, b.overrideId);
              return (
                <li key={b.overrideId} data-testid="profile-blocked-by" data-id={b.overrideId}>
                  {t('profile.change.blockedBy', {
                    rule: override ? pickLabel(locale, override) : b.overrideId,
                    months: b.holdMonthsLeft,
                  })}
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </Card>
  );
}
