import { useRef, useState } from 'react';
import { App, Button, Card, Empty, Input, Popconfirm, Space, Typography } from 'antd';
import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import type { ConfinedSpaceDetail } from '@safegrid/contracts';
import { apiFetch } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { spacePhotosUrl } from '../confinedApi';
import { SPACE_PHOTO_ACCEPT, SPACE_PHOTOS_MAX } from '../spaceModel';

interface Props {
  space: ConfinedSpaceDetail;
  mayManage: boolean;
  onChanged(): void;
}

/** The ledger's photos of a space: what everyone in scope sees, what the enterprise adds or removes. */
export function SpacePhotos({ space, mayManage, onChanged }: Props) {
  const { t, formatDateTime } = useI18n();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [caption, setCaption] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const photos = space.photos ?? [];

  const send = async (file: File) => {
    setBusy(true);
    setError(null);
    const body = new FormData();
    body.set('caption', caption.trim());
    body.set('file', file, file.name);
    try {
      await apiFetch(spacePhotosUrl(space.id), { method: 'POST', body });
      setCaption('');
      message.success(t('space.photoAdded'));
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  };

  const remove = async (url: string) => {
    setError(null);
    try {
      await apiFetch(url, { method: 'DELETE' });
      onChanged();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Card size="small" title={t('space.photos')} data-testid="space-photos" data-count={photos.length}>
      {error !== null && (
        <div style={{ marginBottom: 8 }}>
          <ErrorAlert error={error} testId="space-photo-error" />
        </div>
      )}
      {photos.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('space.noPhotos')} />
      ) : (
        <Space size={[12, 12]} wrap align="start">
          {photos.map((p) => (
            <figure
              key={p.id}
              style={{ margin: 0, width: 160 }}
              data-testid="space-photo"
              data-sha256={p.sha256}
            >
              <a href={p.url} target="_blank" rel="noreferrer">
                <img
                  src={p.url}
                  alt={p.caption || p.fileName}
                  loading="lazy"
                  style={{ width: 160, height: 120, objectFit: 'cover', borderRadius: 4, display: 'block' }}
                />
              </a>
              <figcaption style={{ fontSize: 12 }}>
                <div>{p.caption || p.fileName}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(p.uploadedAt)}
                </Typography.Text>
                {mayManage && (
                  <Popconfirm
                    title={t('space.photoRemoveConfirm')}
                    okText={t('space.photoRemove')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => void remove(p.url)}
                  >
                    <Button
                      size="small"
                      type="link"
                      danger
                      icon={<DeleteOutlined />}
                      data-testid="space-photo-remove"
                    >
                      {t('space.photoRemove')}
                    </Button>
                  </Popconfirm>
                )}
              </figcaption>
            </figure>
          ))}
        </Space>
      )}
      {mayManage && (
        <Space.Compact style={{ width: '100%', marginTop: 12 }}>
          <Input
            value={caption}
            maxLength={100}
            onChange={(e) => setCaption(e.target.value)}
            placeholder={t('space.photoCaption')}
            data-testid="space-photo-caption"
          />
          <Button
            icon={<UploadOutlined />}
            loading={busy}
            disabled={photos.length >= SPACE_PHOTOS_MAX}
            onClick={() => input.current?.click()}
            data-testid="space-photo-add"
          >
            {t('space.photoAdd')}
          </Button>
          <input
            ref={input}
            type="file"
            accept={SPACE_PHOTO_ACCEPT}
            hidden
            data-testid="space-photo-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void send(file);
            }}
          />
        </Space.Compact>
      )}
      {mayManage && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
          {t('space.photoHint', { max: SPACE_PHOTOS_MAX })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
