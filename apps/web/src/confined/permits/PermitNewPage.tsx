import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Result,
  Row,
  Select,
  Spin,
  Typography,
} from 'antd';
import type { ConfinedSpaceDetail, PermitDetail } from '@safegrid/contracts';
import { apiFetch } from '../../shell/api';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { NotFoundOrError } from '../../grid/common/NotFoundOrError';
import { useApiGet } from '../../grid/common/useApi';
import { spaceUrl } from '../confinedApi';
import {
  ENTRANTS_MAX,
  initialPermitForm,
  PERMIT_CODE_FIELDS,
  permitFieldFor,
  PERSON_MAX,
  toCreatePermit,
  validatePermitForm,
  type PermitFormValues,
} from '../permitModel';
import { assignErrors } from '../spaceModel';
import { PermitStatusTag } from '../common/PermitStatusTag';
import { useChecklist } from '../common/useChecklist';
import { ChecklistView } from './ChecklistView';
import { FormErrorAlert, type FormError } from '../../shell/FormErrorAlert';

/**
 * Apply for work in a confined space (`/confined/permits/new?spaceId=`): creates a draft; the
 * applicant checks it on the permit page and submits it from there.
 */
export default function PermitNewPage() {
  const { t, describeError } = useI18n();
  useDocumentTitle(t('permitNew.title'));
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { can } = useSession();
  const [searchParams] = useSearchParams();
  const spaceId = /^[1-9][0-9]{0,17}$/.test(searchParams.get('spaceId') ?? '')
    ? searchParams.get('spaceId')!
    : '';
  const space = useApiGet<ConfinedSpaceDetail>(spaceId ? spaceUrl(spaceId) : null);
  const checklist = useChecklist();
  const [form] = Form.useForm<PermitFormValues>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<FormError | null>(null);
  const initialValues = useMemo(() => initialPermitForm(new Date()), []);

  if (!can('permit.apply')) {
    return (
      <Result
        status="403"
        data-testid="forbidden"
        title={t('forbidden.title')}
        subTitle={t('forbidden.body')}
      />
    );
  }
  if (!spaceId) {
    return (
      <Result
        status="info"
        data-testid="permit-new-no-space"
        title={t('permitNew.title')}
        subTitle={t('permitNew.noSpace')}
        extra={
          <Link to="/confined/spaces">
            <Button type="primary">{t('permitNew.toSpaces')}</Button>
          </Link>
        }
      />
    );
  }
  if (space.error)
    return <NotFoundOrError error={space.error} onRetry={space.reload} backTo="/confined/spaces" />;
  if (!space.data) {
    return (
      <div className="sg-center">
        <Spin />
      </div>
    );
  }
  const s = space.data;
  const checklistIds = checklist.items?.map((i) => i.id) ?? [];

  const submit = async (values: PermitFormValues) => {
    setFormError(null);
    const local = validatePermitForm(values);
    if (Object.keys(local).length > 0) {
      form.setFields(
        Object.entries(local).map(([name, key]) => ({
          name: name as keyof PermitFormValues,
          errors: [t(key)],
        })),
      );
      return;
    }
    setSaving(true);
    try {
      const created = await apiFetch<PermitDetail>('/api/confined/permits', {
        method: 'POST',
        json: toCreatePermit(s.id, values, checklistIds),
      });
      message.success(t('permitNew.created'));
      navigate(`/confined/permits/${encodeURIComponent(created.id)}`);
    } catch (error) {
      const described = describeError(error);
      const { byField, unassigned } = assignErrors(
        described.code,
        described.message,
        described.fields,
        permitFieldFor,
        PERMIT_CODE_FIELDS,
      );
      form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
      setFormError({ message: described.message, extra: unassigned });
    } finally {
      setSaving(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('form.required') }];
  return (
    <div data-testid="permit-new" data-space-id={s.id}>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to="/confined/spaces">{t('nav.confinedSpaces')}</Link> },
          { title: <Link to={`/confined/spaces/${encodeURIComponent(s.id)}`}>{s.name}</Link> },
          { title: t('permitNew.title') },
        ]}
      />
      <Typography.Title level={4} className="sg-page-title">
        {t('permitNew.title')}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'space', label: t('permitNew.space'), children: `${s.name}（${s.code}）` },
            { key: 'enterprise', label: t('space.enterprise'), children: s.enterpriseName },
            {
              key: 'hazards',
              label: t('space.hazards'),
              children: s.hazards.map((h) => t(`hazard.${h}`)).join('、') || t('space.none'),
            },
          ]}
        />
        {s.livePermitId && s.livePermitStatus && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 8 }}
            title={
              <span>
                {t('permitNew.busy')}{' '}
                <Link to={`/confined/permits/${encodeURIComponent(s.livePermitId)}`}>
                  #{s.livePermitId} <PermitStatusTag status={s.livePermitStatus} />
                </Link>
              </span>
            }
          />
        )}
      </Card>
      <FormErrorAlert error={formError} />
      <Form<PermitFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => void submit(v)}
        onValuesChange={() => formError && setFormError(null)}
        data-testid="permit-form"
      >
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card size="small" style={{ marginBottom: 16 }}>
              <Form.Item name="workContent" label={t('permit.workContent')} rules={required}>
                <Input.TextArea
                  maxLength={500}
                  showCount
                  autoSize={{ minRows: 2, maxRows: 6 }}
                  placeholder={t('permitNew.workContentPlaceholder')}
                  data-testid="field-workContent"
                />
              </Form.Item>
              <Form.Item
                name="entrants"
                label={t('permit.entrants')}
                extra={t('permitNew.entrantsHint')}
                rules={[{ required: true, type: 'array', min: 1, message: t('form.required') }]}
              >
                <Select
                  mode="tags"
                  tokenSeparators={['，', ',', '、']}
                  maxCount={ENTRANTS_MAX}
                  maxTagTextLength={PERSON_MAX}
                  data-testid="field-entrants"
                />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name="attendant"
                    label={t('permit.attendant')}
                    rules={required}
                    extra={t('permitNew.attendantHint')}
                  >
                    <Input maxLength={PERSON_MAX} data-testid="field-attendant" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="responsiblePerson" label={t('permit.responsiblePerson')} rules={required}>
                    <Input maxLength={PERSON_MAX} data-testid="field-responsiblePerson" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="windowStart" label={t('permit.windowStart')} rules={required}>
                    <Input type="datetime-local" data-testid="field-windowStart" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="windowEnd" label={t('permit.windowEnd')} rules={required}>
                    <Input type="datetime-local" data-testid="field-windowEnd" />
                  </Form.Item>
                </Col>
              </Row>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('permit.checklistTitle')} style={{ marginBottom: 16 }}>
              <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                {t('permitNew.checklistHint')}
              </Typography.Paragraph>
              {checklist.items ? (
                <Form.Item name="checklist" style={{ marginBottom: 0 }}>
                  <ChecklistView items={checklist.items} law={checklist.law} />
                </Form.Item>
              ) : checklist.error !== null ? (
                <Alert type="error" showIcon title={describeError(checklist.error).message} />
              ) : (
                <Spin />
              )}
            </Card>
          </Col>
        </Row>
        <div className="sg-toolbar">
          <Button type="primary" htmlType="submit" loading={saving} data-testid="permit-form-submit">
            {t('permitNew.create')}
          </Button>
          <Link to={`/confined/spaces/${encodeURIComponent(s.id)}`}>
            <Button>{t('common.cancel')}</Button>
          </Link>
        </div>
      </Form>
    </div>
  );
}
