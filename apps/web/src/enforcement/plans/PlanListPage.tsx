import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Segmented,
  Select,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined, ScheduleOutlined } from '@ant-design/icons';
import type { CreateEnforcementPlan, EnforcementPlanList, EnforcementPlanSummary } from '@safegrid/contracts';
import { GONGMAO_CATEGORIES } from '@safegrid/contracts/values';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { useApiGet } from '../../grid/common/useApi';
import { createPlan, planListUrl, planPath, TASKS_PATH } from './plansApi';
import { PlanStatusTag, usePlanPeriod } from './PlanBits';
import './plans.css';

type Kind = 'annual' | 'monthly';

interface FormValues {
  jurisdictionId?: string;
  year?: number;
  parentId?: string;
  month?: number;
  title: string;
  randomCount: number;
  industryCategory?: string | null;
}

/** 执法检查计划 (`/enforcement/plans`): the bureau's annual and monthly plans; officers create them. */
export default function PlanListPage() {
  const { t, formatDateTime } = useI18n();
  useDocumentTitle(t('plan.listTitle'));
  const { can } = useSession();
  const navigate = useNavigate();
  const period = usePlanPeriod();
  const list = useApiGet<EnforcementPlanList>(planListUrl({}));
  const [creating, setCreating] = useState(false);
  const [kind, setKind] = useState<Kind>('annual');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [form] = Form.useForm<FormValues>();
  const mayManage = can('enforcement_plan.manage');
  const annuals = (list.data?.items ?? []).filter((p) => p.kind === 'annual');

  async function submit(values: FormValues) {
    setSaving(true);
    setSaveError(null);
    const common = {
      title: values.title,
      randomCount: values.randomCount,
      industryCategory: (values.industryCategory ?? null) as CreateEnforcementPlan['industryCategory'],
    };
    const body: CreateEnforcementPlan =
      kind === 'annual'
        ? { kind, jurisdictionId: values.jurisdictionId!, year: values.year!, ...common }
        : { kind, parentId: values.parentId!, month: values.month!, ...common };
    try {
      const plan = await createPlan(body);
      navigate(planPath(plan.id));
    } catch (error) {
      setSaveError(error);
    } finally {
      setSaving(false);
    }
  }

  const columns = [
    {
      title: t('plan.title'),
      key: 'title',
      render: (_: unknown, p: EnforcementPlanSummary) => (
        <Link to={planPath(p.id)} data-testid="plan-link" data-id={p.id}>
          {p.title}
        </Link>
      ),
    },
    {
      title: t('plan.period'),
      key: 'period',
      render: (_: unknown, p: EnforcementPlanSummary) => period(p),
    },
    {
      title: t('plan.bureau'),
      key: 'bureau',
      render: (_: unknown, p: EnforcementPlanSummary) => p.jurisdiction.name,
    },
    {
      title: t('plan.kind'),
      key: 'kind',
      render: (_: unknown, p: EnforcementPlanSummary) => <Tag>{t(`plan.kind.${p.kind}`)}</Tag>,
    },
    {
      title: t('plan.status'),
      key: 'status',
      render: (_: unknown, p: EnforcementPlanSummary) => <PlanStatusTag status={p.status} />,
    },
    { title: t('plan.targetCount'), dataIndex: 'targetCount', key: 'targetCount' },
    {
      title: t('plan.publishedAt'),
      key: 'publishedAt',
      render: (_: unknown, p: EnforcementPlanSummary) =>
        p.publishedAt ? formatDateTime(p.publishedAt) : '—',
    },
  ];

  return (
    <div className="sg-plans">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('plan.listTitle')}
        </Typography.Title>
        {can('inspection.conduct') && (
          <Link to={TASKS_PATH}>
            <Button icon={<ScheduleOutlined />}>{t('plan.myTasks')}</Button>
          </Link>
        )}
        {mayManage && (list.data?.bureaus.length ?? 0) > 0 && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating((c) => !c)}
            data-testid="plan-create-toggle"
          >
            {t('plan.create')}
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary">{t('plan.intro')}</Typography.Paragraph>
      {creating && list.data && (
        <Card className="sg-plan-card" title={t('plan.create')} data-testid="plan-create">
          <Segmented<Kind>
            value={kind}
            onChange={setKind}
            options={[
              { value: 'annual', label: t('plan.kind.annual') },
              { value: 'monthly', label: t('plan.kind.monthly'), disabled: annuals.length === 0 },
            ]}
            style={{ marginBottom: 12 }}
          />
          {annuals.length === 0 && (
            <Typography.Paragraph type="secondary">{t('plan.monthlyNeedsAnnual')}</Typography.Paragraph>
          )}
          <Form<FormValues>
            form={form}
            layout="vertical"
            onFinish={(v) => void submit(v)}
            initialValues={{
              jurisdictionId: list.data.bureaus[0]?.id,
              year: new Date().getFullYear(),
              month: new Date().getMonth() + 1,
              randomCount: 10,
              parentId: annuals[0]?.id,
            }}
          >
            {kind === 'annual' ? (
              <>
                <Form.Item name="jurisdictionId" label={t('plan.bureau')} rules={[{ required: true }]}>
                  <Select options={list.data.bureaus.map((b) => ({ value: b.id, label: b.name }))} />
                </Form.Item>
                <Form.Item name="year" label={t('plan.year')} rules={[{ required: true }]}>
                  <InputNumber min={2000} max={2100} precision={0} />
                </Form.Item>
              </>
            ) : (
              <>
                <Form.Item name="parentId" label={t('plan.parent')} rules={[{ required: true }]}>
                  <Select
                    options={annuals.map((a) => ({
                      value: a.id,
                      label: `${a.title}（${a.jurisdiction.name}）`,
                    }))}
                  />
                </Form.Item>
                <Form.Item name="month" label={t('plan.month')} rules={[{ required: true }]}>
                  <InputNumber min={1} max={12} precision={0} />
                </Form.Item>
              </>
            )}
            <Form.Item
              name="title"
              label={t('plan.title')}
              rules={[{ required: true, whitespace: true, max: 200 }]}
            >
              <Input maxLength={200} data-testid="plan-title" />
            </Form.Item>
            <Form.Item
              name="randomCount"
              label={t('plan.randomCount')}
              extra={t('plan.randomCountHint')}
              rules={[{ required: true }]}
            >
              <InputNumber min={0} max={500} precision={0} data-testid="plan-random-count" />
            </Form.Item>
            <Form.Item name="industryCategory" label={t('plan.industryCategory')}>
              <Select
                allowClear
                placeholder={t('plan.industryAll')}
                options={GONGMAO_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
              />
            </Form.Item>
            {saveError !== null && <ErrorAlert error={saveError} />}
            <Button type="primary" htmlType="submit" loading={saving} data-testid="plan-create-submit">
              {t('plan.createSubmit')}
            </Button>
          </Form>
        </Card>
      )}
      {list.error !== null && <ErrorAlert error={list.error} onRetry={list.reload} />}
      {list.loading && <Spin />}
      {list.data &&
        (list.data.items.length === 0 ? (
          <Empty description={mayManage ? t('plan.emptyManage') : t('plan.empty')} />
        ) : (
          <Table<EnforcementPlanSummary>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data.items}
            pagination={false}
            data-testid="plan-list"
          />
        ))}
    </div>
  );
}
