import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  Alert,
  Breadcrumb,
  Card,
  Col,
  Descriptions,
  Empty,
  Grid,
  Row,
  Space,
  Spin,
  Steps,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { DescriptionsProps, TableProps } from 'antd';
import type { Alarm, GasTest, PermitDetail } from '@safegrid/contracts';
import { apiGet, isAbortError } from '../../shell/api';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { NotFoundOrError } from '../../grid/common/NotFoundOrError';
import { alarmsUrl, fetchAllPages, permitUrl } from '../confinedApi';
import { mergeAlarm, reconcileAlarms, type AlarmScope } from '../alarmModel';
import { AlarmHazard } from '../alarms/AlarmHazard';
import { ALARM_STATUS_TAG_COLORS, SEVERITY_TAG_COLORS } from '../labels';
import { PERMIT_STEPS, permitStepView } from '../permitModel';
import { PermitStatusTag } from '../common/PermitStatusTag';
import { StreamBadge } from '../common/StreamBadge';
import { useConfinedStream } from '../common/stream';
import { useChecklist } from '../common/useChecklist';
import { ChecklistView } from './ChecklistView';
import { GasDetectorPanel } from './GasDetectorPanel';
import { PermitActions } from './PermitActions';

/** Statuses in which people may be inside: the gas chart refreshes itself. */
const LIVE_CHART: ReadonlySet<string> = new Set(['active', 'suspended']);

/**
 * A work permit (`/confined/permits/:id`): status and steps, the buttons, the live gas chart,
 * alarms, checklist, gas tests and history. Laid out for a phone first: the attendant watches
 * the readings on site.
 */
export default function PermitDetailPage() {
  const { id = '' } = useParams();
  const { t, formatDateTime, formatNumber, lookup } = useI18n();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;
  const checklist = useChecklist();
  const scope = useMemo<AlarmScope>(() => ({ openOnly: false, permitId: id }), [id]);

  const [permit, setPermit] = useState<PermitDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [alarms, setAlarms] = useState<Alarm[]>([]);
  const alarmsRef = useRef<Alarm[]>([]);
  const pendingAlarms = useRef<Alarm[] | null>(null);
  const permitRequest = useRef<AbortController | null>(null);
  const alarmRequest = useRef<AbortController | null>(null);

  const loadPermit = useCallback(() => {
    permitRequest.current?.abort();
    const controller = new AbortController();
    permitRequest.current = controller;
    apiGet<PermitDetail>(permitUrl(id), { signal: controller.signal }).then(
      (data) => {
        if (permitRequest.current !== controller) return;
        setPermit(data);
        setError(null);
      },
      (e: unknown) => {
        if (!isAbortError(e) && permitRequest.current === controller) setError(e);
      },
    );
  }, [id]);

  const loadAlarms = useCallback(() => {
    alarmRequest.current?.abort();
    const controller = new AbortController();
    alarmRequest.current = controller;
    pendingAlarms.current = [];
    fetchAllPages<Alarm>((cursor) => alarmsUrl({ permitId: id }, cursor, 200), {
      maxPages: 2,
      signal: controller.signal,
    })
      .then((result) => {
        if (alarmRequest.current !== controller) return;
        alarmsRef.current = reconcileAlarms(result.items, pendingAlarms.current ?? [], scope);
        setAlarms(alarmsRef.current);
      })
      .catch(() => undefined) // The history is secondary; the permit's own error shows.
      .finally(() => {
        if (alarmRequest.current === controller) pendingAlarms.current = null;
      });
  }, [id, scope]);

  const reloadAll = useCallback(() => {
    loadPermit();
    loadAlarms();
  }, [loadPermit, loadAlarms]);

  useEffect(() => {
    setPermit(null);
    setError(null);
    alarmsRef.current = [];
    setAlarms([]);
    reloadAll();
    return () => {
      permitRequest.current?.abort();
      alarmRequest.current?.abort();
    };
  }, [reloadAll]);

  const stream = useConfinedStream({
    onOpen: reloadAll,
    onEvent: (event) => {
      if (event.type === 'permit') {
        if (event.permit.id === id) loadPermit();
      } else if (event.alarm.permitId === id) {
        pendingAlarms.current?.push(event.alarm);
        alarmsRef.current = mergeAlarm(alarmsRef.current, event.alarm, scope);
        setAlarms(alarmsRef.current);
        loadPermit(); // the open-alarm count, perhaps a suspension
      }
    },
  });

  useDocumentTitle(permit ? `${t('permit.title', { id: permit.id })} · ${permit.spaceName}` : undefined);

  if (error) return <NotFoundOrError error={error} onRetry={reloadAll} backTo="/confined" />;
  if (!permit) {
    return (
      <div className="sg-center">
        <Spin />
      </div>
    );
  }

  const p = permit;
  const step = permitStepView(p.status, p.transitions);
  const detectors = p.devices.filter((d) => d.kind === 'gas_detector');
  const checklistIds = checklist.items?.map((i) => i.id) ?? [];
  const live = LIVE_CHART.has(p.status);

  const info: DescriptionsProps['items'] = [
    {
      key: 'space',
      label: t('permit.space'),
      children: <Link to={`/confined/spaces/${encodeURIComponent(p.spaceId)}`}>{p.spaceName}</Link>,
    },
    { key: 'enterprise', label: t('permit.enterprise'), children: p.enterpriseName },
    { key: 'work', label: t('permit.workContent'), span: 'filled', children: p.workContent },
    {
      key: 'window',
      label: t('permit.window'),
      span: 'filled',
      children: t('live.window', { start: formatDateTime(p.windowStart), end: formatDateTime(p.windowEnd) }),
    },
    { key: 'responsible', label: t('permit.responsiblePerson'), children: p.responsiblePerson },
    { key: 'attendant', label: t('permit.attendant'), children: p.attendant },
    {
      key: 'entrants',
      label: t('permit.entrants'),
      span: 'filled',
      children: (
        <Space size={[4, 4]} wrap>
          {p.entrants.map((e) => (
            <Tag key={e}>{e}</Tag>
          ))}
        </Space>
      ),
    },
    ...(p.returnReason
      ? [
          {
            key: 'return',
            label: t('permit.returnReason'),
            span: 'filled' as const,
            children: p.returnReason,
          },
        ]
      : []),
    ...(p.cancelReason
      ? [
          {
            key: 'cancel',
            label: t('permit.cancelReason'),
            span: 'filled' as const,
            children: p.cancelReason,
          },
        ]
      : []),
    { key: 'created', label: t('permit.createdAt'), children: formatDateTime(p.createdAt) },
  ];

  const gasValue = (v: number | null) => (v === null ? '—' : formatNumber(v));
  const gasColumns: TableProps<GasTest>['columns'] = [
    { key: 'at', title: t('permit.gasTestAt'), render: (_, g) => formatDateTime(g.measuredAt) },
    {
      key: 'result',
      title: t('permit.gasTestResult'),
      render: (_, g) => (
        <Space orientation="vertical" size={0}>
          <Tag
            color={g.passed ? 'green' : 'red'}
            data-testid="gas-test-result"
            data-passed={String(g.passed)}
          >
            {t(g.passed ? 'permit.gasTestPassed' : 'permit.gasTestFailed')}
          </Tag>
          {g.failures.map((f, i) => (
            <Typography.Text key={i} type="danger" style={{ fontSize: 12 }}>
              {t('permit.gasTestFailure', {
                rule: lookup(`gasRule.${f.rule}`) ?? f.rule,
                value: f.value === null ? '—' : formatNumber(f.value),
                limit: formatNumber(f.limit),
              })}
            </Typography.Text>
          ))}
        </Space>
      ),
    },
    { key: 'o2', title: `${t('gas.o2')} %vol`, align: 'right', render: (_, g) => gasValue(g.o2) },
    { key: 'h2s', title: `${t('gas.h2s')} ppm`, align: 'right', render: (_, g) => gasValue(g.h2s) },
    { key: 'co', title: `${t('gas.co')} ppm`, align: 'right', render: (_, g) => gasValue(g.co) },
    { key: 'lel', title: `${t('gas.lel')} %LEL`, align: 'right', render: (_, g) => gasValue(g.lel) },
    {
      key: 'source',
      title: t('permit.gasTestSource'),
      responsive: ['md'],
      render: (_, g) =>
        g.source === 'detector'
          ? t('permit.gasTestDetector', { id: g.deviceId ?? '' })
          : t('permit.gasTestManual', { id: g.instrumentId ?? '' }),
    },
    { key: 'tester', title: t('permit.gasTestTester'), dataIndex: 'tester', responsive: ['md'] },
  ];

  const alarmColumns: TableProps<Alarm>['columns'] = [
    { key: 'at', title: t('alarms.occurredAt'), render: (_, a) => formatDateTime(a.occurredAt) },
    {
      key: 'kind',
      title: t('alarms.detail'),
      render: (_, a) => (
        <Space size={4} wrap>
          <Tag color={SEVERITY_TAG_COLORS[a.severity]}>{t(`alarmSeverity.${a.severity}`)}</Tag>
          {t(`alarmKind.${a.kind}`)}
        </Space>
      ),
    },
    {
      key: 'status',
      title: t('live.colStatus'),
      render: (_, a) => (
        <Space orientation="vertical" size={0}>
          <Tag color={ALARM_STATUS_TAG_COLORS[a.status]}>{t(`alarmStatus.${a.status}`)}</Tag>
          {a.resolution && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`alarmResolution.${a.resolution}`)}
              {a.resolutionNote ? `：${a.resolutionNote}` : ''}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'hazard',
      title: t('alarms.hazardColumn'),
      render: (_, a) => (
        <AlarmHazard
          alarm={a}
          onLinked={(linked) => {
            alarmsRef.current = alarmsRef.current.map((x) => (x.id === linked.id ? linked : x));
            setAlarms(alarmsRef.current);
          }}
        />
      ),
    },
  ];

  const sortedTransitions = [...p.transitions].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  return (
    <div data-testid="permit-detail" data-id={p.id} data-version={p.version}>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to="/confined">{t('nav.confinedLive')}</Link> },
          { title: <Link to={`/confined/spaces/${encodeURIComponent(p.spaceId)}`}>{p.spaceName}</Link> },
          { title: `#${p.id}` },
        ]}
      />
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0 }}>
          {t('permit.title', { id: p.id })}
        </Typography.Title>
        <PermitStatusTag status={p.status} testId="permit-status" />
        {p.openAlarms > 0 && (
          <Tag color="red" data-testid="permit-open-alarms">
            {t('live.alarmsInPopup', { count: p.openAlarms })}
          </Tag>
        )}
        <span style={{ flex: 1 }} />
        <StreamBadge state={stream} />
      </div>

      <Card size="small" style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          orientation={narrow ? 'vertical' : 'horizontal'}
          current={step.current}
          status={step.status}
          data-testid="permit-steps"
          items={PERMIT_STEPS.map((s, i) => ({
            title:
              i === step.current && (p.status === 'suspended' || step.status === 'error')
                ? t(`permitStatus.${p.status}`)
                : t(`permitStatus.${s}`),
          }))}
        />
        <div style={{ marginTop: 12 }}>
          <PermitActions permit={p} checklistIds={checklistIds} onChanged={setPermit} onStale={loadPermit} />
        </div>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card
            size="small"
            title={t('permit.gasChart')}
            extra={
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(live ? 'permit.gasChartLive' : 'permit.gasChartStatic')}
              </Typography.Text>
            }
          >
            <div data-testid="permit-gas-chart" data-detectors={detectors.length} data-live={String(live)}>
              {detectors.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('permit.gasChartNoDetector')} />
              ) : (
                <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                  {detectors.map((d) => (
                    <GasDetectorPanel key={d.id} device={d} live={live} />
                  ))}
                </Space>
              )}
              <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
                {t('permit.gasLimitsNote')}
              </Typography.Paragraph>
            </div>
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={t('permit.alarms')}>
              <Table<Alarm>
                data-testid="permit-alarms"
                rowKey="id"
                size="small"
                columns={alarmColumns}
                dataSource={alarms}
                pagination={alarms.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                scroll={{ x: 'max-content' }}
                onRow={(a) => ({ 'data-testid': 'permit-alarm-row', 'data-alarm-id': a.id }) as object}
                locale={{ emptyText: t('permit.noAlarms') }}
              />
            </Card>
            <Card size="small">
              <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={info} data-testid="permit-info" />
            </Card>
          </Space>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('permit.gasTests')}>
            <Table<GasTest>
              data-testid="permit-gas-tests"
              rowKey="id"
              size="small"
              columns={gasColumns}
              dataSource={[...p.gasTests].sort((a, b) => Date.parse(b.measuredAt) - Date.parse(a.measuredAt))}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('permit.noGasTests') }}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('permit.checklistTitle')}>
            {checklist.error !== null && <Alert type="error" showIcon title={t('error.client.unexpected')} />}
            {checklist.items ? (
              <ChecklistView items={checklist.items} law={checklist.law} answers={p.checklist} />
            ) : (
              checklist.error === null && <Spin />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('permit.transitions')}>
            <Timeline
              data-testid="permit-transitions"
              items={sortedTransitions.map((tr, i) => ({
                key: i,
                color:
                  tr.to === 'suspended' || tr.to === 'cancelled'
                    ? 'red'
                    : tr.to === 'completed'
                      ? 'green'
                      : 'blue',
                content: (
                  <div data-testid="permit-transition" data-to={tr.to}>
                    <Typography.Text strong>
                      {tr.from ? `${t(`permitStatus.${tr.from}`)} → ` : `${t('permit.created')} → `}
                      {t(`permitStatus.${tr.to}`)}
                    </Typography.Text>
                    <br />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(tr.at)} ·{' '}
                      {tr.actorKind === 'system' ? t('permit.system') : (tr.actorName ?? '—')}
                    </Typography.Text>
                    {tr.reason && <div style={{ fontSize: 12 }}>{tr.reason}</div>}
                  </div>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
