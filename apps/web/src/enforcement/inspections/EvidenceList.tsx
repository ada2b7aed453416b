import { Typography } from 'antd';
import { FileOutlined } from '@ant-design/icons';
import type { InspectionEvidence } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { isImageEvidence, shortDigest } from './inspectionModel';

/** Photos as thumbnails (opening the file), other files as a link; each with its SHA-256. */
export function EvidenceList({ items }: { items: readonly InspectionEvidence[] }) {
  const { t, formatDateTime } = useI18n();
  if (items.length === 0) return null;
  return (
    <div className="sg-evidence-list">
      {items.map((e) => (
        <figure
          key={e.seq}
          className="sg-evidence"
          data-testid="inspection-evidence"
          data-seq={e.seq}
          data-sha256={e.sha256}
        >
          <a href={e.url} target="_blank" rel="noopener noreferrer" title={e.fileName}>
            {isImageEvidence(e) ? (
              <img src={e.url} alt={e.fileName} loading="lazy" className="sg-evidence-thumb" />
            ) : (
              <span className="sg-evidence-file">
                <FileOutlined /> {e.fileName}
              </span>
            )}
          </a>
          <figcaption>
            <div>{t('inspection.capturedAt', { time: formatDateTime(e.capturedAt) })}</div>
            <Typography.Text className="sg-digest" title={e.sha256}>
              #{e.seq} {shortDigest(e.sha256)}
            </Typography.Text>
          </figcaption>
        </figure>
      ))}
    </div>
  );
}
