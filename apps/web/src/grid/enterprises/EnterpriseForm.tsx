import { useEffect, useMemo, useState } from 'react';
import { App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, TreeSelect } from 'antd';
import type { EnterpriseDetail, JurisdictionNode } from '@safegrid/contracts';
import { apiFetch } from '../../shell/api';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { ENTERPRISE_SCALES, ENTERPRISE_STATUSES } from '../common/labels';
import { toSelectTree } from '../jurisdiction/tree';
import { invalidateJurisdictionTree, useJurisdictionTree } from '../jurisdiction/useJurisdictionTree';
import { assignFieldErrors, toFormValues, toInput, toPatch, type EnterpriseFormValues } from './formModel';
import { FormErrorAlert, type FormError } from '../../shell/FormErrorAlert';

interface Props {
  open: boolean;
  mode: 'create' | 'edit';
  initial?: EnterpriseDetail;
  onClose(): void;
  onSaved(id: string): void;
}

const GRID_ONLY = new Set(['grid'] as const);

/**
 * Create (POST /api/enterprises) or edit (PATCH /api/enterprises/:id) an enterprise. Rules
 * here are only the obvious ones (required fields); the server is the judge, and its
 * problem+json field errors are shown next to the fields they point at.
 */
export function EnterpriseForm({ open, mode, initial, onClose, onSaved }: Props) {
  const { t, describeError } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<EnterpriseFormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<FormError | null>(null);
  const jurisdictions = useJurisdictionTree();

  const gridTree = useMemo(
    () =>
      jurisdictions.data
        ? toSelectTree(jurisdictions.data.roots, (n: JurisdictionNode) => n.name, GRID_ONLY)
        : [],
    [jurisdictions.data],
  );

  // The modal destroys its content when hidden, so each opening starts from initialValues.
  useEffect(() => {
    if (open) setFormError(null);
  }, [open]);
  const initialValues = useMemo<Partial<EnterpriseFormValues>>(
    () => (initial ? toFormValues(initial) : { status: 'operating', scale: 'small' }),
    [initial],
  );

  const submit = async (values: EnterpriseFormValues) => {
    setFormError(null);
    let request: Promise<{ id: string }>;
    if (mode === 'edit' && initial) {
      const patch = toPatch(initial, values);
      if (Object.keys(patch).length === 0) {
        message.info(t('form.noChanges'));
        onClose();
        return;
      }
      request = apiFetch(`/api/enterprises/${encodeURIComponent(initial.id)}`, {
        method: 'PATCH',
        json: patch,
      });
    } else {
      request = apiFetch('/api/enterprises', { method: 'POST', json: toInput(values) });
    }
    setSubmitting(true);
    try {
      const saved = await request;
      invalidateJurisdictionTree();
      message.success(t(mode === 'edit' ? 'form.saved' : 'form.created'));
      onSaved(saved?.id ?? initial?.id ?? '');
    } catch (error) {
      const described = describeError(error);
      const { byField, unassigned } = assignFieldErrors(described.code, described.message, described.fields);
      form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
      setFormError({ message: described.message, extra: unassigned });
    } finally {
      setSubmitting(false);
    }
  };

  const onGridChange = (gridId?: string) => {
    // A new enterprise without coordinates starts at its grid's centre; the user refines it.
    const center = gridId ? jurisdictions.data?.byId.get(gridId)?.center : null;
    const { lon, lat } = form.getFieldsValue(['lon', 'lat']);
    if (center && (lon === undefined || lon === null) && (lat === undefined || lat === null)) {
      form.setFieldsValue({ lon: center[0], lat: center[1] });
    }
  };

  const required = [{ required: true, message: t('form.required') }];
  return (
    <Modal
      open={open}
      title={t(mode === 'edit' ? 'form.editTitle' : 'form.createTitle')}
      onCancel={onClose}
      destroyOnHidden
      width={760}
      footer={[
        <Button key="cancel" onClick={onClose} data-testid="enterprise-form-cancel">
          {t('common.cancel')}
        </Button>,
        <Button
          key="submit"
          type="primary"
          loading={submitting}
          onClick={() => form.submit()}
          data-testid="enterprise-form-submit"
        >
          {t(mode === 'edit' ? 'common.save' : 'form.create')}
        </Button>,
      ]}
    >
      <div data-testid="enterprise-form">
        <FormErrorAlert error={formError} />
        <Form<EnterpriseFormValues>
          form={form}
          layout="vertical"
          name={`enterprise-${mode}`}
          onFinish={submit}
          initialValues={initialValues}
          preserve={false}
          requiredMark
          onValuesChange={() => formError && setFormError(null)}
        >
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item
                name="creditCode"
                label={t('attr.creditCode')}
                rules={required}
                extra={t('form.creditCodeHint')}
              >
                <Input maxLength={40} data-testid="field-creditCode" autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="name" label={t('attr.name')} rules={required}>
                <Input maxLength={200} data-testid="field-name" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="address" label={t('attr.address')} rules={required}>
                <Input maxLength={300} data-testid="field-address" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="industryCode"
                label={t('attr.industryCode')}
                rules={required}
                extra={t('form.industryHint')}
              >
                <Input maxLength={8} data-testid="field-industryCode" autoComplete="off" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="scale" label={t('attr.scale')} rules={required}>
                <Select
                  data-testid="field-scale"
                  options={ENTERPRISE_SCALES.map((s) => ({ value: s, label: t(`scale.${s}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="employees" label={t('attr.employees')} rules={required}>
                <InputNumber
                  min={0}
                  max={1_000_000}
                  precision={0}
                  style={{ width: '100%' }}
                  data-testid="field-employees"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="gridId" label={t('attr.grid')} rules={required}>
                <TreeSelect
                  data-testid="field-gridId"
                  showSearch={{ treeNodeFilterProp: 'title' }}
                  treeData={gridTree}
                  loading={jurisdictions.loading}
                  placeholder={t('form.gridPlaceholder')}
                  onChange={onGridChange}
                  popupMatchSelectWidth={false}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="lon" label={t('attr.lon')} rules={required}>
                <InputNumber
                  min={-180}
                  max={180}
                  step={0.0001}
                  style={{ width: '100%' }}
                  data-testid="field-lon"
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="lat" label={t('attr.lat')} rules={required}>
                <InputNumber
                  min={-90}
                  max={90}
                  step={0.0001}
                  style={{ width: '100%' }}
                  data-testid="field-lat"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="status" label={t('attr.status')}>
                <Select
                  data-testid="field-status"
                  options={ENTERPRISE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </div>
    </Modal>
  );
}
