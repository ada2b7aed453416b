import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Typography } from 'antd';
import { FileSearchOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { Alarm, AlarmHazardRequest, AlarmHazardResult } from '@safegrid/contracts';
import { ApiError, apiFetch } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useSession } from '../../identity/SessionProvider';
import { alarmHazardUrl } from '../confinedApi';

const hazardPath = (id: string) => `/grid/hazards/${encodeURIComponent(id)}`;

interface Props {
  alarm: Alarm;
  /** The alarm as it is now linked (the stream brings the same soon; this is at once). */
  onLinked?(alarm: Alarm): void;
}

/**
 * Where an alarm meets grid supervision: the link to the hazard it became, or — for the officers
 * allowed to — the button that makes one, with the readings kept as evidence.
 */
export function AlarmHazard({ alarm, onLinked }: Props) {
  const { t } = useI18n();
  const { can } = useSession();
  const [open, setOpen] = useState(false);

  if (alarm.hazardId) {
    return (
      <Link to={hazardPath(alarm.hazardId)} data-testid="alarm-hazard-link" data-hazard-id={alarm.hazardId}>
        {t('alarms.hazardLink', { id: alarm.hazardId })}
      </Link>
    );
  }
  if (!can('alarm.report_hazard')) return null;
  return (
    <>
      <Button
        size="small"
        icon={<FileSearchOutlined />}
        onClick={() => setOpen(true)}
        data-testid="alarm-to-hazard"
      >
        {t('alarms.toHazard')}
      </Button>
      {open && (
        <AlarmHazardModal
          alarm={alarm}
          onClose={() => setOpen(false)}
          onLinked={(hazardId) => {
            setOpen(false);
            onLinked?.({ ...alarm, hazardId });
          }}
        />
      )}
    </>
  );
}

interface FormValues {
  description?: string;
  deadline?: Dayjs | null;
}

function AlarmHazardModal({
  alarm,
  onClose,
  onLinked,
}: {
  alarm: Alarm;
  onClose(): void;
  onLinked(hazardId: string): void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [existing, setExisting] = useState<string | null>(null);

  const submit = async (values: FormValues) => {
    setSaving(true);
    setError(null);
    const body: AlarmHazardRequest = {};
    const description = values.description?.trim();
    if (description) body.description = description;
    if (values.deadline) body.deadline = values.deadline.format('YYYY-MM-DD');
    try {
      const result = await apiFetch<AlarmHazardResult>(alarmHazardUrl(alarm.id), {
        method: 'POST',
        json: body,
      });
      message.success(t('alarms.toHazardDone'));
      onLinked(result.hazardId);
    } catch (e) {
      const hazardId = e instanceof ApiError ? e.problem.params?.hazardId : undefined;
      if (e instanceof ApiError && e.code === 'alarm.hazard_exists' && typeof hazardId === 'string') {
        setExisting(hazardId);
      }
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('alarms.toHazardTitle', { kind: t(`alarmKind.${alarm.kind}`) })}
      onCancel={onClose}
      destroyOnHidden
      okText={t('alarms.toHazardConfirm')}
      okButtonProps={{ 'data-testid': 'alarm-to-hazard-confirm', disabled: existing !== null }}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => form.submit()}
    >
      <div data-testid="alarm-to-hazard-modal">
        <Typography.Paragraph type="secondary">{t('alarms.toHazardIntro')}</Typography.Paragraph>
        {error !== null && (
          <div style={{ marginBottom: 12 }}>
            <ErrorAlert error={error} testId="form-error" />
          </div>
        )}
        {existing && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={<Link to={hazardPath(existing)}>{t('alarms.hazardLink', { id: existing })}</Link>}
          />
        )}
        <Form<FormValues> form={form} layout="vertical" preserve={false} onFinish={(v) => void submit(v)}>
          <Form.Item name="description" label={t('alarms.toHazardDescription')}>
            <Input.TextArea
              data-testid="alarm-to-hazard-description"
              maxLength={400}
              showCount
              autoSize={{ minRows: 3, maxRows: 6 }}
              placeholder={t('alarms.toHazardDescriptionPlaceholder')}
            />
          </Form.Item>
          <Form.Item name="deadline" label={t('alarms.toHazardDeadline')}>
            <DatePicker data-testid="alarm-to-hazard-deadline" style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
