import { useState } from 'react';
import { Alert, DatePicker, Form, Input, Modal, Tag } from 'antd';
import type { ButtonProps } from 'antd';
import { WarningFilled } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { ReportHazard } from '@safegrid/contracts';
import { HAZARD_LIMITS } from '@safegrid/contracts/values';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { newClientId, useOffline, type SubmitOutcome } from '../offline/OfflineProvider';
import { PhotoPicker, type PreparedPhoto } from '../offline/PhotoPicker';
import { chinaToday } from '../hazards/hazardModel';
import { lastPosition } from './geolocation';
import { toReportHazard } from './patrolModel';

export type HazardDraft = Omit<ReportHazard, 'clientId' | 'foundAt'>;

/**
 * 上报隐患: pre-filled from a failed check-list item (or blank), photos taken on the spot, an
 * optional deadline (隐患整改通知 on the spot). The report and its photos go into the outbox
 * together; the photos name the report by its clientId until the server has given it an id.
 */
export function ReportHazardModal({
  draft,
  enterpriseName,
  onClose,
  onDone,
}: {
  draft: HazardDraft;
  enterpriseName: string;
  onClose(): void;
  onDone(outcome: SubmitOutcome, clientId: string): void;
}) {
  const { t } = useI18n();
  const { submitMany } = useOffline();
  const [description, setDescription] = useState(draft.description);
  const [deadline, setDeadline] = useState<Dayjs | null>(null);
  const [photos, setPhotos] = useState<PreparedPhoto[]>([]);
  const [busy, setBusy] = useState(false);
  const today = chinaToday(new Date());
  const trimmed = description.trim();
  const valid = trimmed.length > 0 && trimmed.length <= HAZARD_LIMITS.description;

  const send = async () => {
    if (!valid) return;
    setBusy(true);
    const clientId = newClientId();
    const body = toReportHazard(
      { ...draft, description: trimmed },
      clientId,
      new Date(),
      lastPosition(),
      deadline ? deadline.format('YYYY-MM-DD') : null,
    );
    const label = `${enterpriseName} · ${trimmed.slice(0, 40)}`;
    try {
      const [outcome] = await submitMany([
        { label, payload: { kind: 'report', body }, clientId },
        ...photos.map((p) => ({
          label,
          payload: {
            kind: 'photo' as const,
            hazard: { clientId },
            blob: p.blob,
            fileName: p.fileName,
            capturedAt: p.capturedAt,
            stage: 'report' as const,
          },
        })),
      ]);
      if (outcome) onDone(outcome, clientId);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('patrol.reportHazardTitle')}
      onCancel={onClose}
      onOk={() => void send()}
      okText={t('patrol.reportHazardSubmit')}
      cancelText={t('common.cancel')}
      okButtonProps={
        { disabled: !valid, loading: busy, 'data-testid': 'hazard-report-submit' } as ButtonProps
      }
      destroyOnHidden
      data-testid="hazard-report-modal"
    >
      <Form layout="vertical" data-testid="hazard-report-form">
        <Form.Item label={t('patrol.hazardEnterprise')}>{enterpriseName}</Form.Item>
        {draft.majorHazardRef && (
          <Alert
            type="error"
            showIcon
            icon={<WarningFilled />}
            data-testid="hazard-report-major"
            data-ref={draft.majorHazardRef}
            title={t('patrol.majorHazardReport')}
            style={{ marginBottom: 12 }}
          />
        )}
        <Form.Item
          label={t('patrol.hazardDescription')}
          required
          validateStatus={trimmed.length > HAZARD_LIMITS.description ? 'error' : undefined}
        >
          <Input.TextArea
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={HAZARD_LIMITS.description}
            showCount
            data-testid="hazard-description"
          />
        </Form.Item>
        <Form.Item label={t('patrol.hazardDeadlineOptional')} extra={t('patrol.hazardDeadlineHint')}>
          <DatePicker
            value={deadline}
            onChange={(d) => setDeadline(d)}
            disabledDate={(d) => d.format('YYYY-MM-DD') < today}
            style={{ width: '100%' }}
            data-testid="hazard-deadline"
            minDate={dayjs(today)}
          />
        </Form.Item>
        <Form.Item label={t('patrol.hazardPhotos')}>
          <PhotoPicker photos={photos} onChange={setPhotos} testId="hazard-photo-input" />
        </Form.Item>
        {draft.checklistItemId && (
          <Tag data-testid="hazard-report-item" data-item-id={draft.checklistItemId}>
            {t('patrol.fromChecklistItem', { item: draft.checklistItemId })}
          </Tag>
        )}
      </Form>
    </Modal>
  );
}
