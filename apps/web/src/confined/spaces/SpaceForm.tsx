import { useEffect, useMemo, useState } from 'react';
import { App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import type { ConfinedSpaceDetail } from '@safegrid/contracts';
import { apiFetch } from '../../shell/api';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useSignedIn } from '../../identity/SessionProvider';
import { spaceUrl } from '../confinedApi';
import { CONFINED_HAZARDS, CONFINED_SPACE_TYPES, VENTILATION_KINDS } from '../labels';
import {
  assignSpaceErrors,
  emptySpaceForm,
  EQUIPMENT_ITEM_MAX,
  LAT_RANGE,
  LON_RANGE,
  spaceFormValues,
  toCreateSpace,
  toSpacePatch,
  validateSpaceForm,
  type SpaceFormValues,
} from '../spaceModel';
import { FormErrorAlert, type FormError } from '../../shell/FormErrorAlert';

interface Props {
  open: boolean;
  mode: 'create' | 'edit';
  initial?: ConfinedSpaceDetail;
  onClose(): void;
  onSaved(space: ConfinedSpaceDetail): void;
}

/**
 * Register (POST /api/confined/spaces) or edit (PATCH …/:id) a confined space of the user's
 * enterprise. Obvious rules are checked here; the server judges, and its field errors land on
 * the fields they point at.
 */
export function SpaceForm({ open, mode, initial, onClose, onSaved }: Props) {
  const { t, describeError } = useI18n();
  const { message } = App.useApp();
  const session = useSignedIn();
  const [form] = Form.useForm<SpaceFormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<FormError | null>(null);
  const enterprises = session.user.enterprises;

  useEffect(() => {
    if (open) setFormError(null);
  }, [open]);
  const initialValues = useMemo<SpaceFormValues>(
    () =>
      initial ? spaceFormValues(initial) : emptySpaceForm(enterprises.length === 1 ? enterprises[0]!.id : ''),
    [initial, enterprises],
  );

  const submit = async (raw: SpaceFormValues) => {
    const values = { ...initialValues, ...raw };
    setFormError(null);
    const local = validateSpaceForm(values);
    if (Object.keys(local).length > 0) {
      form.setFields(
        Object.entries(local).map(([name, key]) => ({
          name: name as keyof SpaceFormValues,
          errors: [t(key)],
        })),
      );
      return;
    }
    let request: Promise<ConfinedSpaceDetail>;
    if (mode === 'edit' && initial) {
      const patch = toSpacePatch(initial, values);
      if (Object.keys(patch).length === 0) {
        message.info(t('form.noChanges'));
        onClose();
        return;
      }
      request = apiFetch<ConfinedSpaceDetail>(spaceUrl(initial.id), { method: 'PATCH', json: patch });
    } else {
      request = apiFetch<ConfinedSpaceDetail>('/api/confined/spaces', {
        method: 'POST',
        json: toCreateSpace(values),
      });
    }
    setSubmitting(true);
    try {
      const saved = await request;
      message.success(t(mode === 'edit' ? 'spaceForm.saved' : 'spaceForm.created'));
      onSaved(saved);
    } catch (error) {
      const described = describeError(error);
      const { byField, unassigned } = assignSpaceErrors(described.code, described.message, described.fields);
      form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
      setFormError({ message: described.message, extra: unassigned });
    } finally {
      setSubmitting(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('form.required') }];
  return (
    <Modal
      open={open}
      title={t(mode === 'edit' ? 'spaceForm.editTitle' : 'spaceForm.createTitle')}
      onCancel={onClose}
      destroyOnHidden
      width={760}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="submit"
          type="primary"
          loading={submitting}
          onClick={() => form.submit()}
          data-testid="space-form-submit"
        >
          {t(mode === 'edit' ? 'common.save' : 'form.create')}
        </Button>,
      ]}
    >
      <div data-testid="space-form">
        <FormErrorAlert error={formError} />
        <Form<SpaceFormValues>
          form={form}
          layout="vertical"
          name={`space-${mode}`}
          onFinish={(v) => void submit(v)}
          initialValues={initialValues}
          preserve={false}
          onValuesChange={() => formError && setFormError(null)}
        >
          <Row gutter={12}>
            {mode === 'create' && (
              <Col xs={24}>
                <Form.Item name="enterpriseId" label={t('space.enterprise')} rules={required}>
                  <Select
                    data-testid="field-enterpriseId"
                    placeholder={t('spaceForm.enterprisePlaceholder')}
                    disabled={enterprises.length === 1}
                    options={enterprises.map((e) => ({ value: e.id, label: e.name }))}
                  />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={8}>
              <Form.Item name="code" label={t('space.code')} rules={required}>
                <Input maxLength={40} data-testid="field-code" autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item name="name" label={t('space.name')} rules={required}>
                <Input maxLength={100} data-testid="field-name" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="spaceType"
                label={t('space.type')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <Select
                  data-testid="field-spaceType"
                  options={CONFINED_SPACE_TYPES.map((v) => ({ value: v, label: t(`spaceType.${v}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="ventilation"
                label={t('space.ventilation')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <Select
                  data-testid="field-ventilation"
                  options={VENTILATION_KINDS.map((v) => ({ value: v, label: t(`ventilation.${v}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="hazards" label={t('space.hazards')}>
                <Select
                  mode="multiple"
                  data-testid="field-hazards"
                  options={CONFINED_HAZARDS.map((v) => ({ value: v, label: t(`hazard.${v}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="location" label={t('space.location')}>
                <Input maxLength={200} data-testid="field-location" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="lon" label={t('space.lon')} extra={t('spaceForm.coordinatesHint')}>
                <InputNumber
                  min={LON_RANGE[0]}
                  max={LON_RANGE[1]}
                  step={0.0001}
                  style={{ width: '100%' }}
                  data-testid="field-lon"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="lat" label={t('space.lat')}>
                <InputNumber
                  min={LAT_RANGE[0]}
                  max={LAT_RANGE[1]}
                  step={0.0001}
                  style={{ width: '100%' }}
                  data-testid="field-lat"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item
                name="entryPoints"
                label={t('space.entryPoints')}
                rules={[{ required: true, message: t('form.required') }]}
              >
                <InputNumber
                  min={1}
                  max={50}
                  precision={0}
                  style={{ width: '100%' }}
                  data-testid="field-entryPoints"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="warningSign" label={t('space.warningSign')} valuePropName="checked">
                <Switch data-testid="field-warningSign" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                name="rescueEquipment"
                label={t('space.rescueEquipment')}
                extra={t('spaceForm.listHint')}
              >
                <Select
                  mode="tags"
                  data-testid="field-rescueEquipment"
                  tokenSeparators={['，', ',']}
                  maxTagTextLength={EQUIPMENT_ITEM_MAX}
                />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="rescuePlan" label={t('space.rescuePlan')}>
                <Input.TextArea
                  maxLength={2000}
                  showCount
                  autoSize={{ minRows: 3, maxRows: 8 }}
                  data-testid="field-rescuePlan"
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </div>
    </Modal>
  );
}
