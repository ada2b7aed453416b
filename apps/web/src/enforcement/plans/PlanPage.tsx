import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import {
  CheckCircleOutlined,
  ExportOutlined,
  ReloadOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import type {
  EnforcementDrawVerification,
  EnforcementPlan,
  EnforcementPlanTarget,
} from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { useApiGet } from '../../grid/common/useApi';
import { drawPlan, planPath, planUrl, PLANS_PATH, publicPlanPath, publishPlan, verifyDraw } from './plansApi';
import { PlanStatusTag, TargetSourceTag, usePlanPeriod } from './PlanBits';
import './plans.css';

/**
 * A plan (`/enforcement/plans/:id`): its grade rule, the current draw (seed and digests shown, so
 * it can be re-run), the targets with their officer pairs, earlier draws, and — for the approver —
 * publication after a confirmation (the draw is final once published).
 */
export default function PlanPage() {
  const { id = '' } = useParams();
  const { t, formatDateTime } = useI18n();
  const { can } = useSession();
  const { modal } = App.useApp();
  const period = usePlanPeriod();
  const loaded = useApiGet<EnforcementPlan>(planUrl(id));
  const [plan, setPlan] = useState<EnforcementPlan | null>(null);
  const [busy, setBusy] = useState<'draw' | 'publish' | 'verify' | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [verification, setVerification] = useState<EnforcementDrawVerification | null>(null);
  useDocumentTitle(plan?.title ?? t('plan.listTitle'));

  useEffect(() => {
    if (loaded.data) setPlan(loaded.data);
  }, [loaded.data]);

  const current = plan?.draws.find((d) => d.current) ?? null;
  const draft = plan?.status === 'draft';

  async function run(kind: 'draw' | 'publish', action: () => Promise<EnforcementPlan>) {
    setBusy(kind);
    setActionError(null);
    setVerification(null);
    try {
      setPlan(await action());
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(null);
    }
  }

  function confirmPublish() {
    if (!plan || !current) return;
    modal.confirm({
      title: t('plan.publishConfirmTitle'),
      content: t('plan.publishConfirm', { count: plan.targets.length, seed: current.seed }),
      okText: t('plan.publish'),
      cancelText: t('plan.cancel'),
      onOk: () => run('publish', () => publishPlan(plan.id, current.id)),
    });
  }

  async function verify() {
    if (!plan || !current) return;
    setBusy('verify');
    setActionError(null);
    try {
      setVerification(await verifyDraw(plan.id, current.id));
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(null);
    }
  }

  if (loaded.error !== null) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!plan) return <Spin />;

  const intervals = plan.gradeRule.grades
    .map((g) => {
      const months = plan.gradeRule.intervalMonths[g];
      return `${t(`profile.grade.${g}`)}：${months === null || months === undefined ? t('plan.intervalUnknown') : t('plan.intervalMonths', { months })}`;
    })
    .join('；');

  const columns = [
    { title: '#', dataIndex: 'seq', key: 'seq', width: 48 },
    {
      title: t('plan.enterprise'),
      key: 'enterprise',
      render: (_: unknown, r: EnforcementPlanTarget) => (
        <div>
          <div>{r.enterprise.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.enterprise.creditCode}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('plan.source'),
      key: 'source',
      render: (_: unknown, r: EnforcementPlanTarget) => (
        <Space size={4}>
          <TargetSourceTag source={r.source} />
          {r.grade && <Tag>{t(`profile.grade.${r.grade}`)}</Tag>}
        </Space>
      ),
    },
    {
      title: t('plan.officers'),
      key: 'officers',
      render: (_: unknown, r: EnforcementPlanTarget) => r.officers.map((o) => o.displayName).join('、'),
    },
  ];

  return (
    <div className="sg-plans" data-testid="plan-page" data-status={plan.status}>
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {plan.title} <PlanStatusTag status={plan.status} />
        </Typography.Title>
        <Link to={PLANS_PATH}>{t('plan.backToList')}</Link>
      </div>
      <Card className="sg-plan-card">
        <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
          <Descriptions.Item label={t('plan.bureau')}>{plan.jurisdiction.name}</Descriptions.Item>
          <Descriptions.Item label={t('plan.period')}>
            {period(plan)}（{t(`plan.kind.${plan.kind}`)}）
          </Descriptions.Item>
          {plan.parentId && (
            <Descriptions.Item label={t('plan.parent')}>
              <Link to={planPath(plan.parentId)}>{t('plan.openParent')}</Link>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('plan.randomCount')}>{plan.randomCount}</Descriptions.Item>
          <Descriptions.Item label={t('plan.industryCategory')}>
            {plan.industryCategory ? t(`category.${plan.industryCategory}`) : t('plan.industryAll')}
          </Descriptions.Item>
          <Descriptions.Item label={t('plan.createdBy')}>
            {plan.createdBy}（{formatDateTime(plan.createdAt)}）
          </Descriptions.Item>
          {plan.publishedAt && (
            <Descriptions.Item label={t('plan.publishedBy')}>
              {plan.publishedBy}（{formatDateTime(plan.publishedAt)}）
            </Descriptions.Item>
          )}
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('plan.gradeRule', { intervals })}
          {plan.gradeRule.modelVersion === null && ` ${t('plan.noActiveModel')}`}
        </Typography.Paragraph>
        {plan.children.length > 0 && (
          <div style={{ marginTop: 8 }}>
            {t('plan.children')}：
            {plan.children.map((c) => (
              <Link key={c.id} to={planPath(c.id)} style={{ marginInlineEnd: 12 }}>
                {t('plan.periodMonth', { year: plan.year, month: c.month })} {c.title}
              </Link>
            ))}
          </div>
        )}
      </Card>

      <Card
        className="sg-plan-card"
        title={t('plan.drawTitle')}
        extra={
          <Space wrap>
            {draft && can('enforcement_plan.manage') && (
              <Button
                icon={<ReloadOutlined />}
                loading={busy === 'draw'}
                onClick={() => void run('draw', () => drawPlan(plan.id))}
                data-testid="plan-draw"
              >
                {current ? t('plan.redraw') : t('plan.draw')}
              </Button>
            )}
            {draft && current && can('enforcement_plan.publish') && (
              <Button
                type="primary"
                icon={<CheckCircleOutlined />}
                loading={busy === 'publish'}
                disabled={plan.targets.length === 0}
                onClick={confirmPublish}
                data-testid="plan-publish"
              >
                {t('plan.publish')}
              </Button>
            )}
            {plan.status === 'published' && (
              <Link to={publicPlanPath(plan.id)} target="_blank" data-testid="plan-public-link">
                <ExportOutlined /> {t('plan.publicPage')}
              </Link>
            )}
          </Space>
        }
      >
        {actionError !== null && <ErrorAlert error={actionError} />}
        {!current ? (
          <Empty
            description={can('enforcement_plan.manage') ? t('plan.noDrawManage') : t('plan.noDraw')}
            data-testid="plan-no-draw"
          />
        ) : (
          <>
            {draft && <Alert type="info" showIcon title={t('plan.draftHint')} style={{ marginBottom: 12 }} />}
            {plan.status === 'published' && (
              <Alert type="success" showIcon title={t('plan.publishedHint')} style={{ marginBottom: 12 }} />
            )}
            <Descriptions size="small" column={1} bordered data-testid="plan-draw-record">
              <Descriptions.Item label={t('plan.seed')}>
                <span className="sg-plan-seed" data-testid="plan-seed">
                  {current.seed}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('plan.algorithm')}>{current.algorithm}</Descriptions.Item>
              <Descriptions.Item label={t('plan.candidates')}>
                {t('plan.candidateSummary', { count: current.candidateCount })}
                <div className="sg-plan-seed">{current.candidateDigest}</div>
              </Descriptions.Item>
              <Descriptions.Item label={t('plan.officerPool')}>
                {t('plan.officerSummary', { count: current.officerCount })}
                <div className="sg-plan-seed">{current.officerDigest}</div>
              </Descriptions.Item>
              <Descriptions.Item label={t('plan.drawnBy')}>
                {current.drawnBy}（{formatDateTime(current.drawnAt)}）
              </Descriptions.Item>
            </Descriptions>
            <Space style={{ margin: '12px 0' }} wrap>
              <Button
                icon={<SafetyCertificateOutlined />}
                loading={busy === 'verify'}
                onClick={() => void verify()}
                data-testid="plan-verify"
              >
                {t('plan.verify')}
              </Button>
              {verification && (
                <Tag
                  color={verification.reproduced && verification.digestsMatch ? 'green' : 'red'}
                  data-testid="plan-verify-result"
                  data-reproduced={String(verification.reproduced)}
                >
                  {verification.reproduced && verification.digestsMatch
                    ? t('plan.verifyOk')
                    : t('plan.verifyFailed')}
                </Tag>
              )}
            </Space>
            {plan.targets.length === 0 ? (
              <Empty description={t('plan.noTargets')} />
            ) : (
              <Table<EnforcementPlanTarget>
                rowKey="seq"
                size="small"
                columns={columns}
                dataSource={plan.targets}
                pagination={plan.targets.length > 50 ? { pageSize: 50 } : false}
                data-testid="plan-targets"
              />
            )}
          </>
        )}
      </Card>

      {plan.draws.length > 1 && (
        <Card className="sg-plan-card" title={t('plan.drawHistory')} size="small">
          <ul data-testid="plan-draw-history">
            {plan.draws.map((d) => (
              <li key={d.id}>
                {formatDateTime(d.drawnAt)} · {d.drawnBy} · <span className="sg-plan-seed">{d.seed}</span>
                {d.current && <Tag style={{ marginInlineStart: 8 }}>{t('plan.currentDraw')}</Tag>}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
