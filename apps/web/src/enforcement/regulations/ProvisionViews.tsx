import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Space, Tag, Typography } from 'antd';
import type { FineRange, PenaltyLink, ProvisionLink } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { formatFine } from './fineModel';
import { refPath } from './refModel';

/** Fine ranges of a penalty, one per line ("主要负责人：2万–5万元"). */
export function FineList({ fines }: { fines: readonly FineRange[] }) {
  const { t, locale } = useI18n();
  if (fines.length === 0) return null;
  return (
    <ul className="sg-fines" data-testid="penalty-fines">
      {fines.map((fine, i) => (
        <li key={i} data-testid="penalty-fine">
          {formatFine(fine, t, locale)}
        </li>
      ))}
    </ul>
  );
}

/** Other measures of a penalty (责令限期改正, 停产停业整顿 …). */
export function MeasureList({ measures }: { measures: readonly string[] }) {
  if (measures.length === 0) return null;
  return (
    <Space size={[4, 4]} wrap data-testid="penalty-measures">
      {measures.map((m, i) => (
        <Tag key={i} style={{ whiteSpace: 'normal', marginInlineEnd: 0 }}>
          {m}
        </Tag>
      ))}
    </Space>
  );
}

/** A penalty provision: its label (a link to it), its text folded to a few lines, its fines and measures. */
export function PenaltyView({ penalty, testId = 'penalty' }: { penalty: PenaltyLink; testId?: string }) {
  const { t } = useI18n();
  return (
    <ProvisionLinkView link={penalty} testId={testId} rows={3}>
      {penalty.fines.length > 0 && (
        <div>
          <Typography.Text strong style={{ fontSize: 13 }}>
            {t('provision.fines')}
          </Typography.Text>
          <FineList fines={penalty.fines} />
        </div>
      )}
      {penalty.measures.length > 0 && (
        <div>
          <Typography.Text strong style={{ fontSize: 13, display: 'block', marginBottom: 4 }}>
            {t('provision.measures')}
          </Typography.Text>
          <MeasureList measures={penalty.measures} />
        </div>
      )}
    </ProvisionLinkView>
  );
}

/** An obligation (or any provision) as a link with its text folded to a few lines, and what follows it. */
export function ProvisionLinkView({
  link,
  testId,
  rows = 2,
  children,
}: {
  link: ProvisionLink;
  testId: string;
  rows?: number;
  children?: ReactNode;
}) {
  return (
    <div className="sg-provision" data-testid={testId} data-ref={link.ref}>
      <Link to={refPath(link.ref)} className="sg-provision-label">
        {link.label}
      </Link>
      {link.text && (
        <Typography.Paragraph
          type="secondary"
          className="sg-law-snippet"
          style={{ margin: children ? '2px 0 4px' : '2px 0 0', fontSize: 13 }}
          ellipsis={{ rows, expandable: 'collapsible' }}
        >
          {link.text}
        </Typography.Paragraph>
      )}
      {children}
    </div>
  );
}
