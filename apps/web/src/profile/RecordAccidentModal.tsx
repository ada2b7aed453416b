import { useEffect, useState } from 'react';
import { App, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { AccidentRecord } from '@safegrid/contracts';
import { ACCIDENT_SEVERITIES } from '@safegrid/contracts/values';
import { apiFetch } from '../shell/api';
import { FormErrorAlert, type FormError } from '../shell/FormErrorAlert';
import { useI18n } from '../shell/i18n/I18nProvider';
import {
  accidentFieldFor,
  accidentsUrl,
  DEATHS_MAX,
  DESCRIPTION_MAX,
  emptyAccidentForm,
  INJURIES_MAX,
  SOURCE_REF_MAX,
  toAccidentBody,
  validateAccidentForm,
  type AccidentFormValues,
} from './profileModel';

interface Props {
  open: boolean;
  enterpriseId: string;
  enterpriseName: string;
  onClose(): void;
  onSaved(record: AccidentRecord): void;
}

/** The form as antd holds it: the date as a Dayjs. */
type RawValues = Omit<AccidentFormValues, 'occurredOn'> & { occurredOn: Dayjs | null };

/**
 * 记录事故 (POST /api/profile/enterprises/:id/accidents): an officer records an accident another
 * system knows of. Obvious rules are checked here; the server judges, and its field errors land
 * on the fields they point at.
 */
export function RecordAccidentModal({ open, enterpriseId, enterpriseName, onClose, onSaved }: Props) {
  const { t, describeError } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<RawValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<FormError | null>(null);

  useEffect(() => {
    if (open) setFormError(null);
  }, [open]);

  const submit = async (raw: RawValues) => {
    const values: AccidentFormValues = {
      ...emptyAccidentForm(),
      ...raw,
      occurredOn: raw.occurredOn ? raw.occurredOn.format('YYYY-MM-DD') : '',
      description: raw.description ?? '',
      sourceRef: raw.sourceRef ?? '',
    };
    setFormError(null);
    const local = validateAccidentForm(values, dayjs().format('YYYY-MM-DD'));
    if (Object.keys(local).length > 0) {
      form.setFields(
        Object.entries(local).map(([name, key]) => ({
          name: name as keyof RawValues,
          errors: [t(key, { max: name === 'sourceRef' ? SOURCE_REF_MAX : DESCRIPTION_MAX })],
        })),
      );
      return;
    }
    setSubmitting(true);
    try {
      const saved = await apiFetch<AccidentRecord>(accidentsUrl(enterpriseId), {
        method: 'POST',
        json: toAccidentBody(values),
      });
      message.success(t('profile.accident.saved'));
      onSaved(saved);
    } catch (error) {
      const described = describeError(error);
      const unassigned: string[] = [];
      const byField: { name: keyof RawValues; errors: string[] }[] = [];
      for (const f of described.fields) {
        const name = accidentFieldFor(f.path);
        if (name) byField.push({ name, errors: [f.message] });
        else unassigned.push(f.message);
      }
      form.setFields(byField);
      setFormError({ message: described.message, extra: unassigned });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('profile.accident.title')}
      onCancel={onClose}
      destroyOnHidden
      width={640}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="submit"
          type="primary"
          loading={submitting}
          onClick={() => form.submit()}
          data-testid="accident-submit"
        >
          {t('profile.accident.submit')}
        </Button>,
      ]}
    >
      <div data-testid="accident-form">
        <Typography.Paragraph type="secondary">
          {t('profile.accident.intro', { name: enterpriseName })}
        </Typography.Paragraph>
        <FormErrorAlert error={formError} />
        <Form<RawValues>
          form={form}
          layout="vertical"
          name="record-accident"
          preserve={false}
          initialValues={{ ...emptyAccidentForm(), occurredOn: null, severity: undefined }}
          onFinish={(v) => void submit(v)}
          onValuesChange={() => formError && setFormError(null)}
        >
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item
                name="occurredOn"
                label={t('profile.accident.occurredOn')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <DatePicker
                  style={{ width: '100%' }}
                  disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                  data-testid="field-occurredOn"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="severity"
                label={t('profile.accident.severity')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <Select
                  data-testid="field-severity"
                  options={ACCIDENT_SEVERITIES.map((s) => ({ value: s, label: t(`profile.severity.${s}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item name="deaths" label={t('profile.accident.deaths')}>
                <InputNumber
                  min={0}
                  max={DEATHS_MAX}
                  precision={0}
                  style={{ width: '100%' }}
                  data-testid="field-deaths"
                />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item name="injuries" label={t('profile.accident.injuries')}>
                <InputNumber
                  min={0}
                  max={INJURIES_MAX}
                  precision={0}
                  style={{ width: '100%' }}
                  data-testid="field-injuries"
                />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                name="description"
                label={t('profile.accident.description')}
                rules={[{ required: true, whitespace: true, message: t('form.required') }]}
              >
                <Input.TextArea
                  maxLength={DESCRIPTION_MAX}
                  showCount
                  autoSize={{ minRows: 3, maxRows: 8 }}
                  data-testid="field-description"
                />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                name="sourceRef"
                label={t('profile.accident.sourceRef')}
                extra={t('profile.accident.sourceRefHint')}
              >
                <Input maxLength={SOURCE_REF_MAX} data-testid="field-sourceRef" autoComplete="off" />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </div>
    </Modal>
  );
}
