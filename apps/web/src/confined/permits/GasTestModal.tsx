import { useState } from 'react';
import { Col, Form, Input, InputNumber, Modal, Row, Segmented, Select, Typography } from 'antd';
import type { GasTestInput, PermitDetail } from '@safegrid/contracts';
import { apiFetch } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { gasTestsUrl } from '../confinedApi';
import { GAS_LIMITS, GASES } from '../gasModel';
import { fromLocalInput, toLocalInput } from '../permitModel';

interface Props {
  permit: PermitDetail;
  open: boolean;
  onClose(): void;
  onRecorded(permit: PermitDetail): void;
}

interface Values {
  instrumentId: string;
  tester: string;
  measuredAt: string;
  deviceId: string;
  o2: number | null;
  h2s: number | null;
  co: number | null;
  lel: number | null;
}

const MAX: Record<(typeof GASES)[number], number> = { o2: 100, h2s: 10000, co: 10000, lel: 100 };

/** Record a gas test: typed in from a portable instrument, or the latest reading of a linked detector. */
export function GasTestModal({ permit, open, onClose, onRecorded }: Props) {
  const { t } = useI18n();
  const detectors = permit.devices.filter((d) => d.kind === 'gas_detector');
  const [source, setSource] = useState<'manual' | 'detector'>('manual');
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (values: Values) => {
    let body: GasTestInput;
    if (source === 'detector') {
      body = { source: 'detector', deviceId: values.deviceId, tester: values.tester.trim() };
    } else {
      const measuredAt = fromLocalInput(values.measuredAt);
      if (!measuredAt) {
        form.setFields([{ name: 'measuredAt', errors: [t('permitForm.dateInvalid')] }]);
        return;
      }
      const num = (v: number | null | undefined) => (typeof v === 'number' ? v : null);
      body = {
        source: 'manual',
        instrumentId: values.instrumentId.trim(),
        tester: values.tester.trim(),
        measuredAt,
        o2: num(values.o2),
        h2s: num(values.h2s),
        co: num(values.co),
        lel: num(values.lel),
      };
    }
    setSaving(true);
    setError(null);
    try {
      onRecorded(await apiFetch<PermitDetail>(gasTestsUrl(permit.id), { method: 'POST', json: body }));
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  const required = [{ required: true, whitespace: true, message: t('form.required') }];
  return (
    <Modal
      open={open}
      title={t('gasTest.title')}
      onCancel={onClose}
      afterClose={() => setError(null)}
      destroyOnHidden
      okText={t('gasTest.submit')}
      okButtonProps={{ 'data-testid': 'gas-test-submit' }}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
    >
      <div data-testid="gas-test-form">
        <Segmented
          block
          style={{ marginBottom: 12 }}
          value={source}
          onChange={(v) => setSource(v as 'manual' | 'detector')}
          options={[
            { value: 'manual', label: t('gasTest.manual') },
            { value: 'detector', label: t('gasTest.detector'), disabled: detectors.length === 0 },
          ]}
          data-testid="gas-test-source"
        />
        {error !== null && (
          <div style={{ marginBottom: 12 }}>
            <ErrorAlert error={error} testId="form-error" />
          </div>
        )}
        <Form<Values>
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{
            measuredAt: toLocalInput(new Date()),
            deviceId: detectors[0]?.id,
            tester: permit.attendant,
          }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item name="tester" label={t('gasTest.tester')} rules={required}>
            <Input maxLength={40} data-testid="gas-test-tester" />
          </Form.Item>
          {source === 'detector' ? (
            <Form.Item
              name="deviceId"
              label={t('gasTest.deviceId')}
              rules={[{ required: true, message: t('form.required') }]}
              extra={t('gasTest.detectorHint')}
            >
              <Select
                data-testid="gas-test-device"
                options={detectors.map((d) => ({ value: d.id, label: `${d.label || d.id} (${d.id})` }))}
              />
            </Form.Item>
          ) : (
            <>
              {detectors.length === 0 && (
                <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                  {t('gasTest.noDetector')}
                </Typography.Paragraph>
              )}
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="instrumentId" label={t('gasTest.instrumentId')} rules={required}>
                    <Input maxLength={60} data-testid="gas-test-instrument" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="measuredAt" label={t('gasTest.measuredAt')} rules={required}>
                    <Input type="datetime-local" data-testid="gas-test-measured-at" />
                  </Form.Item>
                </Col>
                {GASES.map((gas) => (
                  <Col xs={12} sm={6} key={gas}>
                    <Form.Item name={gas} label={`${t(`gas.${gas}`)} (${GAS_LIMITS[gas].unit})`}>
                      <InputNumber
                        min={0}
                        max={MAX[gas]}
                        step={0.1}
                        style={{ width: '100%' }}
                        data-testid={`gas-test-${gas}`}
                      />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('gasTest.valuesHint')}
              </Typography.Text>
            </>
          )}
        </Form>
      </div>
    </Modal>
  );
}
