import { useEffect, useState, type HTMLAttributes, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import {
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { DescriptionsProps, TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { AccidentRecord, EnterpriseProfile } from '@safegrid/contracts';
import { useI18n } from '../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { useSession } from '../identity/SessionProvider';
import { NotFoundOrError } from '../grid/common/NotFoundOrError';
import { useApiGet } from '../grid/common/useApi';
import { GradeBadge, SourceTag } from './GradeBadge';
import { DimensionsCard, OverridesCard, RadarCard, WhatWouldChangeCard } from './GradeExplanationCards';
import { RecordAccidentModal } from './RecordAccidentModal';
import { ServicePackagesCard } from './services/ServicePackagesCard';
import { RiskTagsModal } from './records/RiskTagsModal';
import { SafetyManagementModal } from './records/SafetyManagementModal';
import { IMPORTS_PATH } from './records/recordsModel';
import { frequencyLabel, GRADES_PATH, newestFirst, profileUrl } from './profileModel';
import './profile.css';

type Profile = EnterpriseProfile;

/** How long after recording an accident the page looks for the recomputed grade. */
const REGRADE_DELAY_MS = 4000;

const SEVERITY_COLORS: Record<AccidentRecord['severity'], string> = {
  fatal: 'red',
  serious_injury: 'orange',
  minor_injury: 'gold',
};

/** A table of records with an explicit "no records" state. */
function RecordsTable<T extends object>({
  items,
  columns,
  rowKey,
  testId,
}: {
  items: readonly T[];
  columns: TableProps<T>['columns'];
  rowKey: TableProps<T>['rowKey'];
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <Table<T>
      size="small"
      rowKey={rowKey}
      dataSource={[...items]}
      columns={columns}
      pagination={items.length > 10 ? { pageSize: 10, hideOnSinglePage: true } : false}
      scroll={{ x: 'max-content' }}
      data-testid={testId}
      data-count={items.length}
      onRow={() => ({ 'data-testid': `${testId}-row` }) as HTMLAttributes<HTMLElement>}
      locale={{
        emptyText: (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={t('profile.noRecords')}
            data-testid={`${testId}-empty`}
          />
        ),
      }}
    />
  );
}

function Figure({ title, value, testId }: { title: string; value: ReactNode; testId: string }) {
  return (
    <Card size="small" className="sg-profile-figure" data-testid={testId}>
      <Statistic title={title} value={value as string | number} />
    </Card>
  );
}

/**
 * 企业画像 (`/profile/enterprises/:id`): one page with everything known about an enterprise and
 * its risk grade, explained — the dimensions' and indicators' points adding up to the score, the
 * override rules, what would lower the grade, and the grade's history.
 */
export default function ProfilePage() {
  const { id = '' } = useParams();
  const { t, lookup, formatNumber, formatDateTime } = useI18n();
  const { can } = useSession();
  const profile = useApiGet<Profile>(profileUrl(id));
  const [recording, setRecording] = useState(false);
  // The enterprise's own declarations (profile.declare): which modal is open.
  const [declaring, setDeclaring] = useState<'safety' | 'risks' | null>(null);
  // A recorded accident is graded within seconds (a queue): look again once it should be done.
  const [recordedAt, setRecordedAt] = useState(0);
  const { reload } = profile;
  useEffect(() => {
    if (!recordedAt) return;
    const timer = setTimeout(reload, REGRADE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [recordedAt, reload]);
  const p = profile.data;
  useDocumentTitle(p ? t('profile.pageTitle', { name: p.enterprise.name }) : t('profile.title'));

  if (profile.error)
    return (
      <NotFoundOrError
        error={profile.error}
        onRetry={profile.reload}
        backTo={can('enterprise.read') ? '/enterprises' : GRADES_PATH}
      />
    );
  if (!p) {
    return (
      <div className="sg-center">
        <Spin />
      </div>
    );
  }

  const e = p.enterprise;
  const g = p.grade;
  const yesNo = (value: boolean) => t(value ? 'profile.yes' : 'profile.no');
  const frequency = g ? frequencyLabel(g.frequency) : null;

  const registry: DescriptionsProps['items'] = [
    { key: 'creditCode', label: t('attr.creditCode'), children: e.creditCode },
    {
      key: 'status',
      label: t('attr.status'),
      children: lookup(`status.${e.status}`) ?? e.status,
    },
    {
      key: 'category',
      label: t('attr.gongmaoCategory'),
      children: t(`category.${e.category}`),
    },
    { key: 'industry', label: t('attr.industry'), children: `${e.industryCode} ${e.industryName}` },
    { key: 'scale', label: t('attr.scale'), children: lookup(`scale.${e.scale}`) ?? e.scale },
    { key: 'employees', label: t('attr.employees'), children: formatNumber(e.employees) },
    { key: 'address', label: t('attr.address'), children: e.address, span: 'filled' },
    {
      key: 'jurisdiction',
      label: t('attr.jurisdiction'),
      span: 'filled',
      children: (
        <span data-testid="profile-jurisdiction">
          {e.districtName} / {e.streetName} /{' '}
          {can('enterprise.read') ? (
            <Link to={`/grids/${encodeURIComponent(e.gridId)}`}>{e.gridName}</Link>
          ) : (
            e.gridName
          )}
        </span>
      ),
    },
  ];

  const header = (
    <div className="sg-profile-header" data-testid="profile-header">
      <div className="sg-profile-header-main">
        <Typography.Title
          level={3}
          className="sg-page-title"
          style={{ marginBottom: 4 }}
          data-testid="profile-name"
        >
          {e.name}
        </Typography.Title>
        <Typography.Text type="secondary" copyable={{ text: e.creditCode }} data-testid="profile-credit-code">
          {t('profile.creditCode', { code: e.creditCode })}
        </Typography.Text>
      </div>
      {g ? (
        <div
          className="sg-profile-grade"
          data-testid="profile-grade"
          data-grade={g.grade}
          data-score={g.score}
        >
          <GradeBadge grade={g.grade} size="large" testId="profile-grade-badge" />
          <div className="sg-profile-grade-facts">
            <div>
              <span className="sg-profile-score" data-testid="profile-score">
                {g.score}
              </span>
              <span className="sg-profile-score-of">/100</span>
            </div>
            <div data-testid="profile-frequency">
              {t('profile.frequency.label')}
              <strong>{frequency ? t(frequency.key, frequency.params) : '—'}</strong>
            </div>
            <Typography.Text type="secondary" data-testid="profile-model-version">
              {t('profile.modelVersion', { version: g.modelVersion })} · {formatDateTime(g.computedAt)}
            </Typography.Text>
          </div>
        </div>
      ) : (
        <Tag data-testid="profile-ungraded">{t('profile.ungraded')}</Tag>
      )}
    </div>
  );

  const accidents = newestFirst(p.accidents, (a) => a.occurredOn);
  const credit = newestFirst(p.creditRecords, (c) => c.recordedOn);
  const penalties = newestFirst(p.penalties, (x) => x.decidedOn);
  const drills = newestFirst(p.drills, (d) => d.heldOn);
  const history = newestFirst(p.gradeHistory, (h) => h.at);
  const inspectors = newestFirst(p.inspectors, (i) => i.validFrom);

  return (
    <div className="sg-profile" data-testid="profile-page" data-id={e.id}>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { key: 'grades', title: <Link to={GRADES_PATH}>{t('profile.grades.title')}</Link> },
          { key: 'this', title: e.name },
        ]}
      />
      {header}
      <Space wrap style={{ marginBottom: 12 }}>
        {can('enterprise.read') && (
          <Link to={`/enterprises/${encodeURIComponent(e.id)}`} data-testid="profile-enterprise-link">
            {t('profile.openEnterprise')}
          </Link>
        )}
        {can('hazard.read') && (
          <Link
            to={`/grid/hazards?enterpriseId=${encodeURIComponent(e.id)}`}
            data-testid="profile-hazards-link"
          >
            {t('profile.openHazards')}
          </Link>
        )}
        {can('profile.record') && (
          <Link to={IMPORTS_PATH} data-testid="profile-imports-link">
            {t('records.openImports')}
          </Link>
        )}
        {can('profile.declare') && (
          <>
            <Button size="small" onClick={() => setDeclaring('safety')} data-testid="profile-declare-safety">
              {t('records.declare.safety')}
            </Button>
            <Button size="small" onClick={() => setDeclaring('risks')} data-testid="profile-declare-risks">
              {t('records.declare.risks')}
            </Button>
          </>
        )}
      </Space>

      <Row gutter={[16, 16]}>
        {g ? (
          <>
            <Col xs={24} xl={10}>
              <RadarCard explanation={g} />
            </Col>
            <Col xs={24} xl={14}>
              <DimensionsCard explanation={g} />
            </Col>
            <Col xs={24} lg={12}>
              <OverridesCard explanation={g} />
            </Col>
            <Col xs={24} lg={12}>
              <WhatWouldChangeCard explanation={g} />
            </Col>
          </>
        ) : (
          <Col xs={24}>
            <Card size="small" title={t('profile.dim.title')}>
              <Empty description={t('profile.ungradedHint')} data-testid="profile-no-grade" />
            </Card>
          </Col>
        )}

        <Col xs={24} lg={12}>
          <Card size="small" title={t('profile.history.title')} data-testid="profile-history">
            {history.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('profile.noRecords')} />
            ) : (
              <Timeline
                items={history.map((h, index) => ({
                  key: `${h.at}-${index}`,
                  color: h.previousGrade === null ? 'gray' : 'blue',
                  content: (
                    <div data-testid="profile-history-entry" data-grade={h.grade}>
                      <div>
                        {h.previousGrade && h.previousGrade !== h.grade ? (
                          <>
                            <GradeBadge grade={h.previousGrade} /> → <GradeBadge grade={h.grade} />
                          </>
                        ) : (
                          <GradeBadge grade={h.grade} />
                        )}{' '}
                        {t('profile.history.score', { score: h.score })}
                      </div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {formatDateTime(h.at)} · {lookup(`profile.reason.${h.reason}`) ?? h.reason} ·{' '}
                        {t('profile.modelVersion', { version: h.modelVersion })}
                      </Typography.Text>
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>

        <Col xs={24} lg={12}>
          <ServicePackagesCard enterpriseId={e.id} />
        </Col>

        <Col xs={24} lg={12}>
          <Card size="small" title={t('profile.registry.title')} data-testid="profile-registry">
            <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2 }} items={registry} />
            <Typography.Title level={5} style={{ marginTop: 12 }}>
              {t('profile.registry.inspectors')}
            </Typography.Title>
            <RecordsTable
              items={inspectors}
              rowKey={(r) => `${r.inspectorId}-${r.gridId}-${r.validFrom}`}
              testId="profile-inspectors"
              columns={[
                { key: 'name', title: t('inspectors.name'), dataIndex: 'name' },
                {
                  key: 'grid',
                  title: t('attr.grid'),
                  render: (_, r) =>
                    can('enterprise.read') ? (
                      <Link to={`/grids/${encodeURIComponent(r.gridId)}`}>{r.gridId}</Link>
                    ) : (
                      r.gridId
                    ),
                },
                { key: 'from', title: t('inspectors.validFrom'), dataIndex: 'validFrom' },
                {
                  key: 'to',
                  title: t('inspectors.validTo'),
                  render: (_, r) => r.validTo ?? t('inspectors.current'),
                },
              ]}
            />
          </Card>
        </Col>

        <Col xs={24} lg={12}>
          <Card size="small" title={t('profile.inherent.title')} data-testid="profile-inherent">
            {p.riskTags.length === 0 ? (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={t('profile.inherent.none')}
                data-testid="profile-risk-tags-empty"
              />
            ) : (
              <div className="sg-profile-tags">
                {p.riskTags.map((r) => (
                  <span
                    key={r.tag}
                    className="sg-profile-tag"
                    data-testid="profile-risk-tag"
                    data-tag={r.tag}
                  >
                    <Tag color="volcano">{t(`profile.riskTag.${r.tag}`)}</Tag>
                    <SourceTag source={r.source} />
                  </span>
                ))}
              </div>
            )}
            <Typography.Paragraph style={{ marginTop: 12, marginBottom: 0 }} data-testid="profile-confined">
              {t('profile.inherent.confined', { count: p.confinedSpaces })}{' '}
              {can('confined.read') && p.confinedSpaces > 0 && (
                <Link to="/confined/spaces">{t('profile.inherent.confinedOpen')}</Link>
              )}
            </Typography.Paragraph>
          </Card>
        </Col>

        <Col xs={24} lg={12}>
          <Card size="small" title={t('profile.hazards.title')} data-testid="profile-hazards">
            <div className="sg-profile-figures">
              <Figure
                title={t('profile.hazards.open')}
                value={p.hazards.open}
                testId="profile-hazards-open"
              />
              <Figure
                title={t('profile.hazards.overdue')}
                value={p.hazards.overdue}
                testId="profile-hazards-overdue"
              />
              <Figure
                title={t('profile.hazards.majorOpen')}
                value={p.hazards.majorOpen}
                testId="profile-hazards-major"
              />
              <Figure
                title={t('profile.hazards.found12m')}
                value={p.hazards.found12m}
                testId="profile-hazards-found"
              />
              <Figure
                title={t('profile.hazards.closed12m')}
                value={p.hazards.closed12m}
                testId="profile-hazards-closed"
              />
            </div>
          </Card>
        </Col>

        <Col xs={24} lg={12}>
          <Card size="small" title={t('profile.patrols.title')} data-testid="profile-patrols">
            <div className="sg-profile-figures">
              <Figure
                title={t('profile.patrols.done12m')}
                value={p.patrols.done12m}
                testId="profile-patrols-done"
              />
              <Figure
                title={t('profile.patrols.lastVisit')}
                value={
                  p.patrols.lastVisitAt ? formatDateTime(p.patrols.lastVisitAt) : t('profile.patrols.never')
                }
                testId="profile-patrols-last"
              />
              <Figure
                title={t('profile.devices.detectors')}
                value={p.devices.detectors}
                testId="profile-detectors"
              />
              <Figure title={t('profile.devices.locks')} value={p.devices.locks} testId="profile-locks" />
              <Figure title={t('profile.devices.online')} value={p.devices.online} testId="profile-online" />
              <Figure
                title={t('profile.devices.alarms90d')}
                value={p.devices.alarms90d}
                testId="profile-alarms"
              />
            </div>
          </Card>
        </Col>

        <Col xs={24}>
          <Card
            size="small"
            title={t('profile.accidents.title')}
            data-testid="profile-accidents-card"
            extra={
              can('profile.record') ? (
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => setRecording(true)}
                  data-testid="profile-record-accident"
                >
                  {t('profile.accident.open')}
                </Button>
              ) : undefined
            }
          >
            <RecordsTable
              items={accidents}
              rowKey="id"
              testId="profile-accidents"
              columns={[
                { key: 'on', title: t('profile.accident.occurredOn'), dataIndex: 'occurredOn', width: 120 },
                {
                  key: 'severity',
                  title: t('profile.accident.severity'),
                  render: (_, a) => (
                    <Tag color={SEVERITY_COLORS[a.severity]}>{t(`profile.severity.${a.severity}`)}</Tag>
                  ),
                },
                { key: 'deaths', title: t('profile.accident.deaths'), dataIndex: 'deaths', align: 'right' },
                {
                  key: 'injuries',
                  title: t('profile.accident.injuries'),
                  dataIndex: 'injuries',
                  align: 'right',
                },
                { key: 'description', title: t('profile.accident.description'), dataIndex: 'description' },
                {
                  key: 'ref',
                  title: t('profile.accident.sourceRef'),
                  render: (_, a) => a.sourceRef ?? '—',
                },
                {
                  key: 'source',
                  title: t('profile.source.title'),
                  render: (_, a) => <SourceTag source={a.source} />,
                },
              ]}
            />
          </Card>
        </Col>

        <Col xs={24} lg={12}>
          <Card size="small" title={t('profile.credit.title')} data-testid="profile-credit-card">
            <RecordsTable
              items={credit}
              rowKey="id"
              testId="profile-credit"
              columns={[
                {
                  key: 'kind',
                  title: t('profile.credit.kind'),
                  render: (_, c) => (
                    <Tag color={c.kind === 'serious_dishonesty' ? 'red' : 'orange'}>
                      {t(`profile.creditKind.${c.kind}`)}
                    </Tag>
                  ),
                },
                { key: 'on', title: t('profile.credit.recordedOn'), dataIndex: 'recordedOn' },
                {
                  key: 'expires',
                  title: t('profile.credit.expiresOn'),
                  render: (_, c) => c.expiresOn ?? t('profile.credit.noExpiry'),
                },
                { key: 'authority', title: t('profile.credit.authority'), dataIndex: 'authority' },
                { key: 'description', title: t('profile.credit.description'), dataIndex: 'description' },
                {
                  key: 'source',
                  title: t('profile.source.title'),
                  render: (_, c) => <SourceTag source={c.source} />,
                },
              ]}
            />
          </Card>
        </Col>

        <Col xs={24} lg={12}>
          <Card size="small" title={t('profile.penalties.title')} data-testid="profile-penalties-card">
            <RecordsTable
              items={penalties}
              rowKey="id"
              testId="profile-penalties"
              columns={[
                {
                  key: 'kind',
                  title: t('profile.penalties.kind'),
                  render: (_, x) => t(`profile.penaltyKind.${x.kind}`),
                },
                { key: 'on', title: t('profile.penalties.decidedOn'), dataIndex: 'decidedOn' },
                {
                  key: 'amount',
                  title: t('profile.penalties.amount'),
                  align: 'right',
                  render: (_, x) =>
                    x.amountYuan === null
                      ? '—'
                      : t('profile.penalties.yuan', { amount: formatNumber(x.amountYuan) }),
                },
                { key: 'description', title: t('profile.penalties.description'), dataIndex: 'description' },
                {
                  key: 'source',
                  title: t('profile.source.title'),
                  render: (_, x) => <SourceTag source={x.source} />,
                },
              ]}
            />
          </Card>
        </Col>

        <Col xs={24} lg={12}>
          <Card size="small" title={t('profile.drills.title')} data-testid="profile-drills-card">
            <RecordsTable
              items={drills}
              rowKey={(d) => `${d.heldOn}-${d.description}`}
              testId="profile-drills"
              columns={[
                { key: 'on', title: t('profile.drills.heldOn'), dataIndex: 'heldOn', width: 120 },
                { key: 'description', title: t('profile.drills.description'), dataIndex: 'description' },
                {
                  key: 'source',
                  title: t('profile.source.title'),
                  render: (_, d) => <SourceTag source={d.source} />,
                },
              ]}
            />
          </Card>
        </Col>

        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('profile.safety.title')}
            data-testid="profile-safety"
            extra={p.safetyManagement ? <SourceTag source={p.safetyManagement.source} /> : undefined}
          >
            {p.safetyManagement === null ? (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={t('profile.noRecords')}
                data-testid="profile-safety-empty"
              />
            ) : (
              <Descriptions
                size="small"
                bordered
                column={1}
                items={[
                  {
                    key: 'plan',
                    label: t('profile.safety.emergencyPlanFiled'),
                    children: yesNo(p.safetyManagement.emergencyPlanFiled),
                  },
                  {
                    key: 'officers',
                    label: t('profile.safety.safetyOfficers'),
                    children: formatNumber(p.safetyManagement.safetyOfficers),
                  },
                  {
                    key: 'training',
                    label: t('profile.safety.trainingCoverage'),
                    children: `${p.safetyManagement.trainingCoveragePercent}%`,
                  },
                  {
                    key: 'certificates',
                    label: t('profile.safety.certificatesComplete'),
                    children: yesNo(p.safetyManagement.certificatesComplete),
                  },
                  {
                    key: 'standard',
                    label: t('profile.safety.standardisation'),
                    children:
                      lookup(`profile.safety.standard.${p.safetyManagement.standardisationLevel}`) ??
                      String(p.safetyManagement.standardisationLevel),
                  },
                  {
                    key: 'updated',
                    label: t('profile.safety.updatedAt'),
                    children: formatDateTime(p.safetyManagement.updatedAt),
                  },
                ]}
              />
            )}
          </Card>
        </Col>
      </Row>

      {can('profile.record') && (
        <RecordAccidentModal
          open={recording}
          enterpriseId={e.id}
          enterpriseName={e.name}
          onClose={() => setRecording(false)}
          onSaved={() => {
            setRecording(false);
            reload();
            setRecordedAt(Date.now());
          }}
        />
      )}
      {can('profile.declare') && (
        <>
          <SafetyManagementModal
            open={declaring === 'safety'}
            enterpriseId={e.id}
            recorded={p.safetyManagement}
            onClose={() => setDeclaring(null)}
            onSaved={() => {
              setDeclaring(null);
              reload();
              setRecordedAt(Date.now());
            }}
          />
          <RiskTagsModal
            open={declaring === 'risks'}
            enterpriseId={e.id}
            recorded={p.riskTags}
            onClose={() => setDeclaring(null)}
            onSaved={() => {
              setDeclaring(null);
              reload();
              setRecordedAt(Date.now());
            }}
          />
        </>
      )}
    </div>
  );
}
