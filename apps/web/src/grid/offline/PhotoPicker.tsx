import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Typography } from 'antd';
import { CameraOutlined, DeleteOutlined } from '@ant-design/icons';
import { HAZARD_LIMITS } from '@safegrid/contracts/values';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { capturedAt } from '../../enforcement/inspections/inspectionModel';
import { preparePhoto } from '../../enforcement/inspections/photo';

/** A photo taken and compressed on the device, waiting to be queued. */
export interface PreparedPhoto {
  key: string;
  blob: Blob;
  fileName: string;
  capturedAt: string;
}

/**
 * The camera button (`capture="environment"`): each photo is compressed on the device (longest
 * side ≤ 1600 px, JPEG 0.8, see `photoTargetSize`) with its capture time, then listed with a
 * thumbnail until the form is sent.
 */
export function PhotoPicker({
  photos,
  onChange,
  testId,
  max = HAZARD_LIMITS.photosPerStage,
}: {
  photos: readonly PreparedPhoto[];
  onChange(photos: PreparedPhoto[]): void;
  testId: string;
  max?: number;
}) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [unreadable, setUnreadable] = useState(false);
  const urls = useMemo(() => photos.map((p) => ({ key: p.key, url: URL.createObjectURL(p.blob) })), [photos]);
  useEffect(() => () => urls.forEach((u) => URL.revokeObjectURL(u.url)), [urls]);

  const add = async (files: File[]) => {
    setBusy(true);
    setUnreadable(false);
    const next = [...photos];
    for (const file of files) {
      if (next.length >= max) break;
      const taken = capturedAt(file, new Date());
      const prepared = await preparePhoto(file);
      if (!prepared) {
        setUnreadable(true);
        continue;
      }
      next.push({
        key: crypto.randomUUID(),
        blob: prepared.blob,
        fileName: prepared.fileName,
        capturedAt: taken,
      });
    }
    setBusy(false);
    onChange(next);
  };

  return (
    <div
      className="sg-photo-picker"
      data-testid={`${testId}-picker`}
      data-count={photos.length}
      data-busy={String(busy)}
    >
      <input
        ref={input}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        data-testid={testId}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length > 0) void add(files);
        }}
      />
      <Button
        icon={<CameraOutlined />}
        loading={busy}
        disabled={photos.length >= max}
        onClick={() => input.current?.click()}
      >
        {t('outbox.takePhoto')}
      </Button>
      {busy && <Typography.Text type="secondary">{t('outbox.photoCompressing')}</Typography.Text>}
      {photos.length > 0 && (
        <div className="sg-photo-thumbs">
          {urls.map((u, index) => (
            <div key={u.key} className="sg-photo-thumb" data-testid="prepared-photo">
              <img src={u.url} alt={t('outbox.photoN', { n: index + 1 })} />
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('outbox.removePhoto')}
                onClick={() => onChange(photos.filter((p) => p.key !== u.key))}
              />
            </div>
          ))}
        </div>
      )}
      {unreadable && (
        <Alert type="error" showIcon title={t('inspection.photoUnreadable')} style={{ width: '100%' }} />
      )}
    </div>
  );
}
