import { useState } from 'react';
import { Alert, App, DatePicker, Form, Input, Modal, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import type { Dayjs } from 'dayjs';
import type { Hazard } from '@safegrid/contracts';
import { HAZARD_LIMITS } from '@safegrid/contracts/values';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useOffline, type SubmitOutcome } from '../offline/OfflineProvider';
import { PhotoPicker, type PreparedPhoto } from '../offline/PhotoPicker';
import {
  chinaToday,
  eventSpec,
  stagePhotoCount,
  toTransitionRequest,
  transitionBlocker,
  type TransitionEvent,
} from './hazardModel';

/**
 * One step on a hazard: the note, date and photos it needs, a confirmation for reject and
 * withdraw, then the photos and the transition go into the outbox together (photos first, so
 * the server has the evidence when the step arrives). The request carries the version the user
 * saw: a stale one comes back as a conflict, never overwritten.
 */
export function HazardActionDialog({
  hazard,
  event,
  onClose,
  onDone,
}: {
  hazard: Hazard;
  event: TransitionEvent;
  onClose(): void;
  onDone(outcome: SubmitOutcome): void;
}) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const { items, submitMany } = useOffline();
  const spec = eventSpec(event);
  const [note, setNote] = useState('');
  const [deadline, setDeadline] = useState<Dayjs | null>(null);
  const [photos, setPhotos] = useState<PreparedPhoto[]>([]);
  const [busy, setBusy] = useState(false);
  const today = chinaToday(new Date());
  const existing = spec.photoStage ? stagePhotoCount(hazard, spec.photoStage, items) : 0;
  const values = { note, deadline: deadline ? deadline.format('YYYY-MM-DD') : null };
  const blocker = transitionBlocker(event, values, existing + photos.length, today, hazard.deadline);

  const send = async () => {
    setBusy(true);
    const label = `${hazard.enterprise.name} · ${t(`hz.event.${event}`)}`;
    try {
      const outcomes = await submitMany([
        ...photos.map((p) => ({
          label,
          payload: {
            kind: 'photo' as const,
            hazard: { id: hazard.id },
            blob: p.blob,
            fileName: p.fileName,
            capturedAt: p.capturedAt,
            stage: spec.photoStage ?? ('report' as const),
          },
        })),
        {
          label,
          payload: {
            kind: 'transition',
            hazard: { id: hazard.id },
            body: toTransitionRequest(event, hazard.version, values, new Date()),
          },
        },
      ]);
      const last = outcomes[outcomes.length - 1];
      if (last) onDone(last);
    } finally {
      setBusy(false);
    }
  };

  const ok = () => {
    if (blocker) return;
    if (!spec.confirm) {
      void send();
      return;
    }
    modal.confirm({
      title: t(`hz.confirm.${event === 'reject' ? 'reject' : 'withdraw'}`),
      content: t(`hz.confirmBody.${event === 'reject' ? 'reject' : 'withdraw'}`),
      okText: t(`hz.event.${event}`),
      okButtonProps: { danger: true, 'data-testid': 'hazard-action-confirm' } as ButtonProps,
      cancelText: t('common.cancel'),
      onOk: () => send(),
    });
  };

  return (
    <Modal
      open
      title={t(`hz.event.${event}`)}
      onCancel={onClose}
      onOk={ok}
      okText={t(`hz.event.${event}`)}
      cancelText={t('common.cancel')}
      okButtonProps={
        {
          disabled: blocker !== null,
          loading: busy,
          danger: spec.danger,
          'data-testid': 'hazard-action-ok',
        } as ButtonProps
      }
      destroyOnHidden
    >
      <Form layout="vertical" data-testid="hazard-action-dialog" data-event={event}>
        {spec.photoStage && (
          <Form.Item
            label={t(`hz.photosFor.${spec.photoStage}`)}
            extra={t('hz.photosHave', { count: existing })}
            required
          >
            <PhotoPicker photos={photos} onChange={setPhotos} testId="hazard-action-photo-input" />
          </Form.Item>
        )}
        {spec.deadline && (
          <Form.Item
            label={t(event === 'assign' ? 'hz.deadline' : 'hz.requestedDeadline')}
            required
            extra={
              event === 'request_deferral'
                ? t('hz.deferralHint', { days: HAZARD_LIMITS.deferralDays, deadline: hazard.deadline ?? '—' })
                : undefined
            }
          >
            <DatePicker
              value={deadline}
              onChange={(d) => setDeadline(d)}
              disabledDate={(d) => d.format('YYYY-MM-DD') < today}
              style={{ width: '100%' }}
              data-testid="hazard-action-deadline"
            />
          </Form.Item>
        )}
        <Form.Item
          label={t(spec.noteRequired ? 'hz.noteRequired' : 'hz.noteOptional')}
          required={spec.noteRequired}
        >
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={HAZARD_LIMITS.note}
            data-testid="hazard-action-note"
          />
        </Form.Item>
        {blocker && blocker !== 'noteRequired' && blocker !== 'deadlineRequired' && (
          <Alert
            type="warning"
            showIcon
            title={t(`hz.blocker.${blocker}`)}
            data-testid="hazard-action-blocker"
          />
        )}
        <Typography.Text type="secondary">{t('hz.offlineNote')}</Typography.Text>
      </Form>
    </Modal>
  );
}
