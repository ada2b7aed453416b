import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Button, Card, Form, Input, Select, Spin, Typography } from 'antd';
import type { EnterpriseDetail, InspectionPartners } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { FormErrorAlert, type FormError } from '../../shell/FormErrorAlert';
import { Forbidden } from '../../shell/Forbidden';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession, useSignedIn } from '../../identity/SessionProvider';
import { useApiGet } from '../../grid/common/useApi';
import { EnterprisePicker, type EnterpriseChoice } from '../documents/EnterprisePicker';
import { enterpriseUrl } from '../documents/documentsApi';
import { INSPECTIONS_PATH, inspectionPath, partnersUrl, startInspection } from './inspectionsApi';
import { INSPECTION_LIMITS, isId, startFieldFor, toStartRequest, type StartValues } from './inspectionModel';
import './inspections.css';

/**
 * 开始现场检查 (`/enforcement/inspections/new?enterpriseId=`): the unit, the second officer (执法人员
 * 不得少于两人: from `GET …/partners?enterpriseId=`) and the place; then the inspection page.
 */
export default function InspectionNewPage() {
  const { t, describeError } = useI18n();
  useDocumentTitle(t('inspection.newTitle'));
  const session = useSignedIn();
  const { can } = useSession();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const presetId = isId(searchParams.get('enterpriseId')) ? searchParams.get('enterpriseId')! : '';
  const preset = useApiGet<EnterpriseDetail>(presetId ? enterpriseUrl(presetId) : null);
  const presetChoice = useMemo<EnterpriseChoice | null>(
    () =>
      preset.data ? { id: preset.data.id, name: preset.data.name, creditCode: preset.data.creditCode } : null,
    [preset.data],
  );
  const [form] = Form.useForm<StartValues>();
  const enterpriseId = Form.useWatch('enterpriseId', form) as string | undefined;
  const partners = useApiGet<InspectionPartners>(isId(enterpriseId) ? partnersUrl(enterpriseId) : null);
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<(FormError & { code: string }) | null>(null);

  // Another unit: the partner chosen for the previous one may not cover it.
  useEffect(() => {
    form.setFieldValue('partnerId', undefined);
  }, [enterpriseId, form]);

  if (!can('inspection.conduct')) return <Forbidden home={INSPECTIONS_PATH} />;

  const options = (partners.data?.items ?? []).filter((o) => o.id !== session.user.id);

  const submit = async (values: StartValues) => {
    setSubmitting(true);
    setFormError(null);
    try {
      const inspection = await startInspection(toStartRequest(values));
      navigate(inspectionPath(inspection.id));
    } catch (error) {
      setSubmitting(false);
      const described = describeError(error);
      const unassigned: string[] = [];
      const byField: { name: keyof StartValues; errors: string[] }[] = [];
      for (const f of described.fields) {
        const name = startFieldFor(f.path);
        if (name) byField.push({ name, errors: [f.message] });
        else unassigned.push(f.message);
      }
      form.setFields(byField);
      setFormError({ code: described.code, message: described.message, extra: unassigned });
    }
  };

  return (
    <div className="sg-inspections" data-testid="inspection-new">
      <Typography.Title level={4} className="sg-page-title">
        {t('inspection.newTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('inspection.newIntro')}
      </Typography.Paragraph>
      {preset.error !== null && <ErrorAlert error={preset.error} onRetry={preset.reload} />}
      {formError && (
        <div data-testid="inspection-error" data-error-code={formError.code}>
          <FormErrorAlert error={formError} />
        </div>
      )}
      <Card size="small" className="sg-inspection-card">
        <Form<StartValues>
          form={form}
          layout="vertical"
          initialValues={{ enterpriseId: presetId || undefined }}
          onFinish={(values) => void submit(values)}
          onValuesChange={() => formError && setFormError(null)}
          data-testid="inspection-new-form"
        >
          <Form.Item
            name="enterpriseId"
            label={t('inspection.enterprise')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <EnterprisePicker preset={presetChoice} testIdPrefix="inspection-enterprise" />
          </Form.Item>
          <Form.Item
            name="partnerId"
            label={t('inspection.partner')}
            extra={t('inspection.partnerHint')}
            rules={[{ required: true, message: t('inspection.partnerRequired') }]}
          >
            <Select<string>
              data-testid="inspection-partner-select"
              disabled={!isId(enterpriseId)}
              loading={partners.loading}
              placeholder={
                isId(enterpriseId)
                  ? t('inspection.partnerPlaceholder')
                  : t('inspection.partnerChooseEnterprise')
              }
              notFoundContent={partners.loading ? <Spin size="small" /> : t('inspection.partnerNone')}
              options={options.map((o) => ({ value: o.id, label: o.displayName }))}
              optionRender={(option) => (
                <span data-testid="inspection-partner-option" data-id={option.value}>
                  {option.label}
                </span>
              )}
            />
          </Form.Item>
          {partners.error !== null && <ErrorAlert error={partners.error} onRetry={partners.reload} />}
          <Form.Item
            name="place"
            label={t('inspection.placeOptional')}
            rules={[
              {
                max: INSPECTION_LIMITS.place,
                message: t('inspection.tooLong', { limit: INSPECTION_LIMITS.place }),
              },
            ]}
          >
            <Input maxLength={INSPECTION_LIMITS.place} placeholder={t('inspection.placePlaceholder')} />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={submitting}
            block
            data-testid="inspection-new-submit"
          >
            {t('inspection.submitStart')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
