import { useEffect, useState } from 'react';
import { App, Button, Col, Form, InputNumber, Modal, Row, Select, Space, Switch, Typography } from 'antd';
import type { EnterpriseProfile, SafetyManagementState } from '@safegrid/contracts';
import { apiFetch } from '../../shell/api';
import { FormErrorAlert, type FormError } from '../../shell/FormErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { SourceTag } from '../GradeBadge';
import {
  SAFETY_RANGES,
  safetyFieldFor,
  safetyFormFrom,
  safetyManagementUrl,
  toSafetyBody,
  validateSafetyForm,
  type SafetyFormValues,
} from './recordsModel';

interface Props {
  open: boolean;
  enterpriseId: string;
  recorded: EnterpriseProfile['safetyManagement'];
  onClose(): void;
  onSaved(state: SafetyManagementState): void;
}

const LEVELS = [0, 1, 2, 3] as const;

/**
 * 更新安全管理信息 (PUT /api/profile/enterprises/:id/safety-management): the enterprise declares its
 * safety management, starting from what is recorded. Ranges are checked here; the server's field
 * problems land on their fields.
 */
export function SafetyManagementModal({ open, enterpriseId, recorded, onClose, onSaved }: Props) {
  const { t, describeError } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<SafetyFormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<FormError | null>(null);

  useEffect(() => {
    if (open) setFormError(null);
  }, [open]);

  const submit = async (raw: SafetyFormValues) => {
    const values: SafetyFormValues = { ...safetyFormFrom(null), ...raw };
    setFormError(null);
    const local = validateSafetyForm(values);
    if (Object.keys(local).length > 0) {
      form.setFields(
        Object.entries(local).map(([name, key]) => ({
          name: name as keyof SafetyFormValues,
          errors: [t(key, SAFETY_RANGES[name as keyof typeof SAFETY_RANGES])],
        })),
      );
      return;
    }
    setSubmitting(true);
    try {
      const saved = await apiFetch<SafetyManagementState>(safetyManagementUrl(enterpriseId), {
        method: 'PUT',
        json: toSafetyBody(values),
      });
      message.success(t('records.safety.saved'));
      onSaved(saved);
    } catch (error) {
      const described = describeError(error);
      const unassigned: string[] = [];
      const byField: { name: keyof SafetyFormValues; errors: string[] }[] = [];
      for (const f of described.fields) {
        const name = safetyFieldFor(f.path);
        if (name) byField.push({ name, errors: [f.message] });
        else unassigned.push(f.message);
      }
      form.setFields(byField);
      setFormError({ message: described.message, extra: unassigned });
    } finally {
      setSubmitting(false);
    }
  };

  const whole = (name: keyof typeof SAFETY_RANGES, label: string, suffix?: string) => (
    <Form.Item name={name} label={label}>
      <InputNumber
        min={SAFETY_RANGES[name].min}
        max={SAFETY_RANGES[name].max}
        precision={0}
        suffix={suffix}
        style={{ width: '100%' }}
        data-testid={`field-${name}`}
      />
    </Form.Item>
  );

  return (
    <Modal
      open={open}
      title={t('records.safety.title')}
      onCancel={onClose}
      destroyOnHidden
      width={600}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="submit"
          type="primary"
          loading={submitting}
          onClick={() => form.submit()}
          data-testid="safety-submit"
        >
          {t('common.save')}
        </Button>,
      ]}
    >
      <div data-testid="safety-form">
        <Typography.Paragraph type="secondary">{t('records.safety.intro')}</Typography.Paragraph>
        {recorded && (
          <Space style={{ marginBottom: 12 }}>
            <Typography.Text type="secondary">{t('records.safety.recordedFrom')}</Typography.Text>
            <SourceTag source={recorded.source} />
          </Space>
        )}
        <FormErrorAlert error={formError} />
        <Form<SafetyFormValues>
          form={form}
          layout="vertical"
          name="declare-safety-management"
          preserve={false}
          initialValues={safetyFormFrom(recorded)}
          onFinish={(v) => void submit(v)}
          onValuesChange={() => formError && setFormError(null)}
        >
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item
                name="emergencyPlanFiled"
                label={t('profile.safety.emergencyPlanFiled')}
                valuePropName="checked"
              >
                <Switch data-testid="field-emergencyPlanFiled" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="certificatesComplete"
                label={t('profile.safety.certificatesComplete')}
                valuePropName="checked"
              >
                <Switch data-testid="field-certificatesComplete" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              {whole('safetyOfficers', t('profile.safety.safetyOfficers'))}
            </Col>
            <Col xs={24} md={12}>
              {whole('trainingCoveragePercent', t('profile.safety.trainingCoverage'), '%')}
            </Col>
            <Col xs={24}>
              <Form.Item name="standardisationLevel" label={t('profile.safety.standardisation')}>
                <Select
                  data-testid="field-standardisationLevel"
                  options={LEVELS.map((level) => ({
                    value: level,
                    label: t(`profile.safety.standard.${level}`),
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </div>
    </Modal>
  );
}
