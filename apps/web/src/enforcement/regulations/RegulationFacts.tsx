import type { ReactNode } from 'react';
import { Alert, Space, Tag, Tooltip, Typography } from 'antd';
import type { RegulationSummary } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import {
  VERIFICATION_TAG_COLORS,
  articleCountText,
  formatLawDate,
  issuerLine,
  needsCaution,
  type Verification,
} from './regulationModel';

/**
 * How far the regulation's text was checked, colour-coded, with the data's own note on hover.
 * Legal requirement: a partial or unverified text is always visibly marked wherever it is shown.
 */
export function VerificationTag({ verification, note }: { verification: Verification; note: string }) {
  const { t } = useI18n();
  return (
    <Tooltip title={note || undefined}>
      <Tag
        color={VERIFICATION_TAG_COLORS[verification]}
        data-testid="verification-tag"
        data-verification={verification}
        style={{ marginInlineEnd: 0 }}
      >
        {t(`verification.${verification}`)}
      </Tag>
    </Tooltip>
  );
}

/**
 * The facts of a regulation (library row, regulation and article headers): title, kind,
 * verification (tag, note, caution for a partial or unverified text), issuer and order number,
 * version, effective date, article counts, and the currency warning as a warning box.
 */
export function RegulationFacts({
  summary,
  title,
  compact = false,
}: {
  summary: RegulationSummary;
  /** The title as shown (a link in the library, a heading elsewhere). */
  title: ReactNode;
  /** Fold the verification note to two lines (library rows). */
  compact?: boolean;
}) {
  const { t, locale } = useI18n();
  const s = summary;
  const effective = formatLawDate(s.effective, locale);
  const issuer = issuerLine(s);
  const caution = needsCaution(s.verification);
  return (
    <div data-testid="regulation-facts">
      {title}
      <Space size={[6, 6]} wrap style={{ marginBottom: 6 }}>
        <Tag style={{ marginInlineEnd: 0 }} data-testid="regulation-kind">
          {t(`regulationKind.${s.kind}`)}
        </Tag>
        <VerificationTag verification={s.verification} note={s.verificationNote} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="regulation-article-count">
          {articleCountText(s, t)}
        </Typography.Text>
      </Space>
      <div className="sg-regulation-meta">
        {issuer && <div>{t('regulation.issuer', { issuer })}</div>}
        <div>{t('regulation.version', { version: s.version })}</div>
        <div>
          {effective ? t('regulation.effective', { date: effective }) : t('regulation.effectiveUnknown')}
        </div>
      </div>
      {s.verificationNote && (
        <Typography.Paragraph
          className="sg-verification-note"
          type={caution ? 'warning' : 'secondary'}
          data-testid="verification-note"
          ellipsis={compact ? { rows: 2, expandable: 'collapsible' } : false}
        >
          {t('regulation.verificationNote', { note: s.verificationNote })}
        </Typography.Paragraph>
      )}
      {caution && (
        <Alert
          type={s.verification === 'unverified' ? 'error' : 'warning'}
          showIcon
          style={{ marginTop: 8 }}
          data-testid="verification-caution"
          title={t(
            s.verification === 'partial' ? 'regulation.cautionPartial' : 'regulation.cautionUnverified',
          )}
        />
      )}
      {s.currencyWarning && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="currency-warning"
          title={t('regulation.currencyWarning')}
          description={s.currencyWarning}
        />
      )}
    </div>
  );
}
