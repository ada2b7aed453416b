import { useState } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import type { Alarm, ResolveAlarm } from '@safegrid/contracts';
import { apiFetch } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { alarmActionUrl } from '../confinedApi';
import { ALARM_RESOLUTIONS } from '../labels';

interface Props {
  alarm: Alarm | null;
  onClose(): void;
  onResolved(alarm: Alarm): void;
}

/** Resolve an alarm: an outcome from the closed list and a note (both required). */
export function ResolveAlarmModal({ alarm, onClose, onResolved }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<ResolveAlarm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (values: ResolveAlarm) => {
    if (!alarm) return;
    setSaving(true);
    setError(null);
    try {
      const resolved = await apiFetch<Alarm>(alarmActionUrl(alarm.id, 'resolve'), {
        method: 'POST',
        json: { resolution: values.resolution, note: values.note.trim() },
      });
      onResolved(resolved);
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={alarm !== null}
      title={alarm ? t('alarms.resolveTitle', { kind: t(`alarmKind.${alarm.kind}`) }) : undefined}
      onCancel={onClose}
      afterClose={() => setError(null)}
      destroyOnHidden
      okText={t('alarms.resolveConfirm')}
      okButtonProps={{ 'data-testid': 'alarm-resolve-confirm' }}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
    >
      <div data-testid="alarm-resolve-modal">
        {error !== null && (
          <div style={{ marginBottom: 12 }}>
            <ErrorAlert error={error} testId="form-error" />
          </div>
        )}
        <Form<ResolveAlarm> form={form} layout="vertical" preserve={false} onFinish={(v) => void submit(v)}>
          <Form.Item
            name="resolution"
            label={t('alarms.resolution')}
            rules={[{ required: true, message: t('alarms.resolutionRequired') }]}
          >
            <Select
              data-testid="alarm-resolution-select"
              options={ALARM_RESOLUTIONS.map((r) => ({ value: r, label: t(`alarmResolution.${r}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="note"
            label={t('alarms.note')}
            rules={[{ required: true, whitespace: true, message: t('alarms.noteRequired') }]}
          >
            <Input.TextArea
              data-testid="alarm-resolution-note"
              maxLength={500}
              showCount
              autoSize={{ minRows: 3, maxRows: 6 }}
              placeholder={t('alarms.notePlaceholder')}
            />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
