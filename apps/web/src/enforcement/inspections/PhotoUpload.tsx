import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Typography } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import type { Inspection } from '@safegrid/contracts';
import { isAbortError } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { evidenceForm, uploadEvidence } from './inspectionsApi';
import { addedEvidence, capturedAt } from './inspectionModel';
import { preparePhoto } from './photo';

type UploadState =
  | { stage: 'idle' }
  | { stage: 'compressing' | 'uploading' }
  | { stage: 'done'; sha256: string }
  | { stage: 'unreadable' }
  | { stage: 'failed'; error: unknown };

/**
 * "添加照片": the camera (or gallery) on a phone; the photo is compressed on the device, uploaded
 * with its capture time, and the server's SHA-256 shown.
 */
export function PhotoUpload({
  inspection,
  findingSeq,
  onUploaded,
}: {
  inspection: Inspection;
  /** The finding the photo documents, or null for the inspection as a whole. */
  findingSeq: number | null;
  onUploaded(inspection: Inspection): void;
}) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const controller = useRef<AbortController | null>(null);
  const [state, setState] = useState<UploadState>({ stage: 'idle' });
  const busy = state.stage === 'compressing' || state.stage === 'uploading';

  useEffect(() => () => controller.current?.abort(), []);

  const upload = async (file: File) => {
    const taken = capturedAt(file, new Date());
    setState({ stage: 'compressing' });
    const photo = await preparePhoto(file);
    if (!photo) {
      setState({ stage: 'unreadable' });
      return;
    }
    setState({ stage: 'uploading' });
    const current = new AbortController();
    controller.current = current;
    try {
      const after = await uploadEvidence(
        inspection.id,
        evidenceForm(photo.blob, photo.fileName, taken, findingSeq),
        current.signal,
      );
      const added = addedEvidence(inspection.evidence, after.evidence, findingSeq);
      setState({ stage: 'done', sha256: added?.sha256 ?? '' });
      onUploaded(after);
    } catch (error) {
      if (isAbortError(error)) return;
      setState({ stage: 'failed', error });
    }
  };

  const testId = findingSeq === null ? 'inspection-photo-input' : `inspection-photo-input-${findingSeq}`;
  return (
    <div className="sg-photo-upload" data-testid="inspection-photo-upload" data-stage={state.stage}>
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        data-testid={testId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void upload(file);
        }}
      />
      <Button icon={<CameraOutlined />} loading={busy} onClick={() => input.current?.click()}>
        {t('inspection.addPhoto')}
      </Button>
      {state.stage === 'compressing' && (
        <Typography.Text type="secondary">{t('inspection.photoCompressing')}</Typography.Text>
      )}
      {state.stage === 'uploading' && (
        <Typography.Text type="secondary">{t('inspection.photoUploading')}</Typography.Text>
      )}
      {state.stage === 'done' && (
        <Typography.Text type="success" className="sg-digest" data-testid="inspection-photo-sha256">
          {t('inspection.photoUploaded', { sha256: state.sha256 })}
        </Typography.Text>
      )}
      {state.stage === 'unreadable' && (
        <Alert type="error" showIcon title={t('inspection.photoUnreadable')} style={{ width: '100%' }} />
      )}
      {state.stage === 'failed' && (
        <div style={{ width: '100%' }}>
          <ErrorAlert error={state.error} />
        </div>
      )}
    </div>
  );
}
