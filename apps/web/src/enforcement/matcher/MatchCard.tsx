import { Link } from 'react-router';
import { App, Button, Card, Progress, Space, Tag, Tooltip, Typography } from 'antd';
import { CopyOutlined, InfoCircleOutlined, WarningFilled } from '@ant-design/icons';
import type { ProvisionMatch } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { Highlighted } from '../regulations/Highlighted';
import { PenaltyView, ProvisionLinkView } from '../regulations/ProvisionViews';
import { buildCitation } from '../regulations/citationModel';
import { relativePercent } from '../regulations/matcherModel';
import { refPath } from '../regulations/refModel';

const KIND_COLORS: Record<ProvisionMatch['kind'], string> = { penalty_item: 'blue', major_hazard: 'volcano' };

/** One suggested provision of the matcher, ranked, with what it breaches, its penalty and a citation to copy. */
export function MatchCard({ match }: { match: ProvisionMatch }) {
  const { t, lookup } = useI18n();
  const { message } = App.useApp();
  const m = match;
  const citation = buildCitation(m, t);
  const percent = relativePercent(m.relative);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(citation);
      message.success(t('common.copied'));
    } catch {
      message.error(t('common.copyFailed'));
    }
  };

  return (
    <Card
      size="small"
      data-testid="match-result"
      data-rank={m.rank}
      data-ref={m.ref}
      data-kind={m.kind}
      data-major-hazard={String(m.majorHazard !== null)}
    >
      <div className="sg-match-head">
        <span className="sg-match-rank" aria-label={t('matcher.rank', { rank: m.rank })}>
          {m.rank}
        </span>
        <Link to={refPath(m.ref)} className="sg-match-label" data-testid="match-label">
          {m.label}
        </Link>
        <Tag color={KIND_COLORS[m.kind]} style={{ marginInlineEnd: 0 }} data-testid="match-kind">
          {t(`provisionKind.${m.kind}`)}
        </Tag>
        {m.majorHazard && (
          <Tag
            color="red"
            variant="solid"
            icon={<WarningFilled />}
            className="sg-major-hazard-tag"
            style={{ marginInlineEnd: 0 }}
            data-testid="major-hazard-tag"
          >
            {t('matcher.majorHazardTag')}
          </Tag>
        )}
      </div>

      <div
        className="sg-match-score"
        style={{ marginTop: 8 }}
        data-testid="match-score"
        data-relative={m.relative}
      >
        <Tooltip title={t('matcher.scoreHint')}>
          <span>
            {t('matcher.score')} <InfoCircleOutlined />
          </span>
        </Tooltip>
        <Progress
          percent={percent}
          size="small"
          status="normal"
          showInfo={false}
          aria-label={t('matcher.score')}
        />
        <span>{percent}%</span>
      </div>

      <Typography.Paragraph className="sg-law-snippet" style={{ margin: '8px 0 0' }} data-testid="match-text">
        <Highlighted text={m.text} phrases={m.explanation.matchedPhrases} />
      </Typography.Paragraph>

      {/* The criterion itself is the card's provision when the suggestion is an item of 令第10号. */}
      {m.majorHazard && m.majorHazard.ref !== m.ref && (
        <div className="sg-major-hazard" data-testid="match-major-hazard">
          <Typography.Text strong type="danger">
            {t('matcher.majorHazardBasis')}
          </Typography.Text>{' '}
          <Link to={refPath(m.majorHazard.ref)}>{m.majorHazard.label}</Link>
          <div className="sg-law-snippet" style={{ fontSize: 13 }}>
            {m.majorHazard.text}
          </div>
        </div>
      )}

      {m.violated.length > 0 && (
        <div className="sg-match-section" data-testid="match-violated">
          <div className="sg-match-section-title">{t('matcher.violated')}</div>
          {m.violated.map((v) => (
            <ProvisionLinkView key={v.ref} link={v} testId="match-violated-link" />
          ))}
        </div>
      )}

      {m.penalty && (
        <div className="sg-match-section" data-testid="match-penalty">
          <div className="sg-match-section-title">{t('matcher.penalty')}</div>
          <PenaltyView penalty={m.penalty} testId="match-penalty-link" />
        </div>
      )}

      {m.basisNote && (
        <Typography.Paragraph
          type="secondary"
          style={{ fontSize: 12, margin: '6px 0 0' }}
          data-testid="match-basis-note"
        >
          <InfoCircleOutlined />{' '}
          {t('matcher.basisNote', { note: lookup(`basisNote.${m.basisNote}`) ?? m.basisNote })}
        </Typography.Paragraph>
      )}

      {m.explanation.synonyms.length > 0 && (
        <div className="sg-match-section" data-testid="match-synonyms">
          <div className="sg-match-section-title">{t('matcher.synonyms')}</div>
          <Space size={[4, 4]} wrap>
            {m.explanation.synonyms.map((s) => (
              <Tag key={`${s.from}→${s.to}`} style={{ marginInlineEnd: 0 }}>
                {t('matcher.synonym', { from: s.from, to: s.to })}
              </Tag>
            ))}
          </Space>
        </div>
      )}

      {citation && (
        <div className="sg-citation">
          <div className="sg-citation-text">
            <div className="sg-match-section-title">{t('matcher.citation')}</div>
            <span data-testid="citation-text">{citation}</span>
          </div>
          <Button
            size="small"
            icon={<CopyOutlined />}
            onClick={() => void copy()}
            data-testid="citation-copy"
          >
            {t('matcher.copyCitation')}
          </Button>
        </div>
      )}
    </Card>
  );
}
