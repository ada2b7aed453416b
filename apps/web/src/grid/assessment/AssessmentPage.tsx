import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  App,
  Button,
  DatePicker,
  Drawer,
  Empty,
  Modal,
  Segmented,
  Select,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import type {
  Assessment,
  AssessmentRecord,
  AssessmentRecords,
  AssessmentRow,
  RechecksDrawn,
  Share,
} from '@safegrid/contracts';
import { ASSESSMENT_GROUPS, ASSESSMENT_METRICS } from '@safegrid/contracts/values';
import { apiFetch } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { useApiGet } from '../common/useApi';
import './assessment.css';
import {
  assessmentUrl,
  DRAW_RECHECKS_URL,
  monthOf,
  previousMonth,
  recordsUrl,
  shareText,
  STATISTICS_PATH,
} from './assessmentModel';

type Group = (typeof ASSESSMENT_GROUPS)[number];
type Metric = (typeof ASSESSMENT_METRICS)[number];
type Kind = AssessmentRecord['kind'];

interface Drill {
  key: string;
  name: string;
  kind: Kind;
}

/**
 * 考核 (`/grid/assessment`): a month's figures per inspector, grid or street, ranked; every figure
 * opens the records it counts. Last month by default: the current one is still running.
 */
export default function AssessmentPage() {
  const { t, describeError } = useI18n();
  useDocumentTitle(t('assessment.title'));
  const { can } = useSession();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? previousMonth(monthOf(new Date()));
  const groupBy = (params.get('groupBy') ?? 'inspector') as Group;
  const sort = (params.get('sort') ?? 'completionRate') as Metric;
  const assessment = useApiGet<Assessment>(assessmentUrl(month, groupBy, sort));
  const [drill, setDrill] = useState<Drill | null>(null);
  const [drawing, setDrawing] = useState(false);

  const set = (changes: Record<string, string>) =>
    setParams({ month, groupBy, sort, ...changes }, { replace: true });

  const drawRechecks = () => {
    Modal.confirm({
      title: t('assessment.drawTitle', { month }),
      content: t('assessment.drawExplain'),
      okText: t('assessment.draw'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setDrawing(true);
        try {
          const result = await apiFetch<RechecksDrawn>(DRAW_RECHECKS_URL, {
            method: 'POST',
            json: { month },
          });
          message.success(t('assessment.drawn', { ...result }));
          assessment.reload();
        } catch (error) {
          message.error(describeError(error).message);
        } finally {
          setDrawing(false);
        }
      },
    });
  };

  const figure = (row: AssessmentRow, share: Share, kind: Kind, testId: string) => (
    <Button
      type="link"
      size="small"
      onClick={() => setDrill({ key: row.key, name: row.name, kind })}
      data-testid={testId}
      data-numerator={share.numerator}
      data-denominator={share.denominator}
    >
      {shareText(share)}
    </Button>
  );

  return (
    <div>
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('assessment.title')}
        </Typography.Title>
        <Link to={STATISTICS_PATH}>{t('assessment.toStatistics')}</Link>
        {can('patrol.plan') && (
          <Button onClick={drawRechecks} loading={drawing} data-testid="assessment-draw-rechecks">
            {t('assessment.draw')}
          </Button>
        )}
      </div>
      <div className="sg-toolbar" style={{ flexWrap: 'wrap', gap: 8 }}>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${month}-01`)}
          disabledDate={(d) => d.format('YYYY-MM') > monthOf(new Date())}
          onChange={(d) => d && set({ month: d.format('YYYY-MM') })}
          data-testid="assessment-month"
        />
        <Segmented<Group>
          value={groupBy}
          onChange={(v) => set({ groupBy: v })}
          options={ASSESSMENT_GROUPS.map((g) => ({ value: g, label: t(`assessment.group.${g}`) }))}
          data-testid="assessment-group"
        />
        <Select<Metric>
          value={sort}
          style={{ minWidth: 200 }}
          onChange={(v) => set({ sort: v })}
          options={ASSESSMENT_METRICS.map((m) => ({
            value: m,
            label: t('assessment.sortBy', { metric: t(`assessment.metric.${m}`) }),
          }))}
          data-testid="assessment-sort"
        />
      </div>
      <Typography.Paragraph type="secondary">
        {t('assessment.explain', { days: assessment.data?.verificationTargetDays ?? '—' })}
      </Typography.Paragraph>
      {assessment.error !== null && <ErrorAlert error={assessment.error} onRetry={assessment.reload} />}
      {assessment.loading && <Spin />}
      {assessment.data && (
        <Table<AssessmentRow>
          rowKey="key"
          size="small"
          scroll={{ x: 1100 }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          dataSource={assessment.data.rows}
          data-testid="assessment-table"
          locale={{ emptyText: <Empty description={t('assessment.empty')} /> }}
          onRow={(row) => ({ 'data-testid': 'assessment-row', 'data-key': row.key }) as never}
          columns={[
            { title: t('assessment.rank'), dataIndex: 'rank', width: 64 },
            { title: t(`assessment.group.${groupBy}`), dataIndex: 'name', width: 140 },
            {
              title: t('assessment.metric.completionRate'),
              render: (_, r) => figure(r, r.completion, 'task', 'figure-completion'),
            },
            {
              title: t('assessment.metric.onTimeRate'),
              render: (_, r) => figure(r, r.onTime, 'task', 'figure-on-time'),
            },
            {
              title: t('assessment.metric.coverageRate'),
              render: (_, r) => figure(r, r.coverage, 'task', 'figure-coverage'),
            },
            {
              title: t('assessment.hazardsFound'),
              render: (_, r) => (
                <Button
                  type="link"
                  size="small"
                  onClick={() => setDrill({ key: r.key, name: r.name, kind: 'hazard' })}
                  data-testid="figure-hazards"
                >
                  {t('assessment.hazardCounts', { general: r.hazardsGeneral, major: r.hazardsMajor })}
                </Button>
              ),
            },
            {
              title: t('assessment.metric.verificationTimelinessRate'),
              render: (_, r) => figure(r, r.verificationTimeliness, 'verification', 'figure-verification'),
            },
            {
              title: t('assessment.metric.geofenceAnomalyRate'),
              render: (_, r) => figure(r, r.geofenceAnomalies, 'check_in', 'figure-geofence'),
            },
            {
              title: t('assessment.metric.recheckConfirmedRate'),
              render: (_, r) => figure(r, r.recheckConfirmed, 'recheck', 'figure-recheck'),
            },
          ]}
        />
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
  const { t, formatDateTime } = useI18n();
  const records = useApiGet<AssessmentRecords>(
    drill ? recordsUrl({ month, groupBy, key: drill.key, kind: drill.kind }) : null,
  );
  const link = (r: AssessmentRecord) =>
    r.kind === 'task' || r.kind === 'check_in' ? `/grid/patrols/tasks/${r.id}` : `/grid/hazards/${r.id}`;
  return (
    <Drawer
      open={drill !== null}
      onClose={onClose}
      width={520}
      title={
        drill
          ? t('assessment.recordsTitle', { name: drill.name, kind: t(`assessment.kind.${drill.kind}`) })
          : ''
      }
    >
      {records.error !== null && <ErrorAlert error={records.error} onRetry={records.reload} />}
      {records.loading && <Spin />}
      {records.data && (
        <div data-testid="assessment-records" data-count={records.data.items.length}>
          {records.data.items.length === 0 && <Empty description={t('assessment.noRecords')} />}
          {records.data.items.map((r) => (
            <div key={`${r.kind}-${r.id}`} className="sg-assessment-record" data-testid="assessment-record">
              <Link to={link(r)}>{r.enterpriseName}</Link>{' '}
              {r.level === 'major' && <Tag color="red">{t('assessment.major')}</Tag>}
              {r.late === true && (
                <Tag color="orange">{t(r.kind === 'recheck' ? 'assessment.refuted' : 'assessment.late')}</Tag>
              )}
              {r.outsideGeofence === true && <Tag color="volcano">{t('assessment.outsideGeofence')}</Tag>}
              <Typography.Text type="secondary" style={{ display: 'block' }}>
                {[
                  r.dueDate && t('assessment.due', { date: r.dueDate }),
                  r.at && formatDateTime(r.at),
                  r.distanceMetres !== null &&
                    t('assessment.distance', { metres: Math.round(r.distanceMetres) }),
                  r.hours !== null && t('assessment.hours', { hours: r.hours }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography.Text>
            </div>
          ))}
          {records.data.truncated && (
            <Typography.Text type="secondary">{t('assessment.truncated')}</Typography.Text>
          )}
        </div>
      )}
    </Drawer>
  );
}
