import { Typography } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import type { GradeObjection } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { evidenceFileUrl, formatSize, isImageMedia } from './objectionsModel';

/** An objection's evidence: images as thumbnails, PDFs as links; each opens the file in a new tab. */
export function EvidenceLinks({ objection }: { objection: GradeObjection }) {
  const { t, formatDateTime } = useI18n();
  if (objection.evidence.length === 0)
    return <Typography.Text type="secondary">{t('objections.noEvidence')}</Typography.Text>;
  return (
    <div className="sg-objection-evidence" data-testid="objection-evidence-links">
      {objection.evidence.map((e) => {
        const url = evidenceFileUrl(objection.id, e.id);
        const title = `${e.fileName} · ${formatSize(e.sizeBytes)} · ${formatDateTime(e.uploadedAt)} · SHA-256 ${e.sha256}`;
        return (
          <a
            key={e.id}
            href={url}
            target="_blank"
            rel="noopener noreferrer"
            title={title}
            className="sg-objection-evidence-link"
            data-testid="objection-evidence-link"
            data-media-type={e.mediaType}
          >
            {isImageMedia(e.mediaType) ? (
              <img src={url} alt={e.fileName} loading="lazy" className="sg-objection-thumb" />
            ) : (
              <span className="sg-objection-pdf">
                <FilePdfOutlined /> {e.fileName}
              </span>
            )}
          </a>
        );
      })}
    </div>
  );
}
