import { useEffect } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { Alert, Breadcrumb, Button, Card, Col, Row, Spin, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { Article, ArticleParagraph, RegulationDetail } from '@safegrid/contracts';
import { ApiError } from '../../shell/api';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { NotFoundOrError } from '../../grid/common/NotFoundOrError';
import { useApiGet } from '../../grid/common/useApi';
import { articleUrl, regulationUrl } from '../regulationsApi';
import { PenaltyView, ProvisionLinkView } from './ProvisionViews';
import { VerificationTag } from './RegulationFacts';
import { needsCaution } from './regulationModel';
import { REGULATIONS_PATH, articleNumberParam, articlePath, refFromHash, regulationPath } from './refModel';
import { itemDisplayText, neighbours, paragraphNumeral } from './tocModel';
import './enforcement.css';

/**
 * One article (`/enforcement/regulations/:id/articles/:number`): its paragraphs (款) and items
 * (项), each with its ref as element id so `#<ref>` deep-links to it; the penalties that enforce
 * it, the obligations it enforces, and the way to the previous and next article.
 */
export default function ArticlePage() {
  const { id = '', number: numberParam } = useParams();
  const number = articleNumberParam(numberParam);
  const { t, locale } = useI18n();
  const location = useLocation();
  const article = useApiGet<Article>(number === null ? null : articleUrl(id, number));
  const law = useApiGet<RegulationDetail>(regulationUrl(id));
  const a = article.data;
  const target = refFromHash(location.hash);
  useDocumentTitle(
    a ? t('article.heading', { law: law.data?.shortTitle ?? a.lawTitle, label: a.label }) : undefined,
  );

  // Scroll to the paragraph or item the hash names once the article is there.
  useEffect(() => {
    if (!a) return;
    if (!target) {
      window.scrollTo({ top: 0 });
      return;
    }
    const frame = requestAnimationFrame(() =>
      document.getElementById(target)?.scrollIntoView({ block: 'start', behavior: 'smooth' }),
    );
    return () => cancelAnimationFrame(frame);
  }, [a, target]);

  if (number === null) {
    return (
      <NotFoundOrError
        error={new ApiError({ code: 'article.not_found', status: 404 })}
        onRetry={() => undefined}
        backTo={regulationPath(id)}
      />
    );
  }
  if (article.error)
    return <NotFoundOrError error={article.error} onRetry={article.reload} backTo={regulationPath(id)} />;
  if (!a) {
    return (
      <div className="sg-center">
        <Spin />
      </div>
    );
  }

  const summary = law.data;
  const around = summary ? neighbours(summary.articles, a.number) : { prev: null, next: null };
  const multiParagraph = a.paragraphs.length > 1;
  const targetClass = (ref: string) => (ref === target ? ' sg-ref-target' : '');

  const paragraph = (p: ArticleParagraph) => (
    <div
      key={p.ref}
      id={p.ref}
      className={`sg-article-paragraph${targetClass(p.ref)}`}
      data-testid="article-paragraph"
      data-ref={p.ref}
    >
      <div className="sg-law-text">
        {multiParagraph && (
          <Link to={{ hash: p.ref }} replace className="sg-paragraph-marker" title={p.ref}>
            {t('article.paragraph', { n: paragraphNumeral(p.number, locale) })}
          </Link>
        )}
        {p.text}
      </div>
      {p.items.map((item) => (
        <div
          key={item.ref}
          id={item.ref}
          className={`sg-article-item sg-law-text${targetClass(item.ref)}`}
          data-testid="article-item"
          data-ref={item.ref}
        >
          {itemDisplayText(item.label, item.text)}
        </div>
      ))}
    </div>
  );

  return (
    <div data-testid="article-view" data-ref={a.ref} data-number={a.number}>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to={REGULATIONS_PATH}>{t('nav.regulations')}</Link> },
          { title: <Link to={regulationPath(a.lawId)}>{summary?.shortTitle ?? a.lawTitle}</Link> },
          { title: a.label },
        ]}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Card size="small">
            <Typography.Title level={4} className="sg-page-title" data-testid="article-title">
              {t('article.heading', { law: a.lawTitle, label: a.label })}
            </Typography.Title>
            <div style={{ marginBottom: 8, display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
              {summary && (
                <VerificationTag verification={summary.verification} note={summary.verificationNote} />
              )}
              {a.chapter && <Tag style={{ marginInlineEnd: 0 }}>{a.chapter}</Tag>}
              {a.majorHazardField && (
                <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="article-major-hazard-field">
                  {t('article.majorHazardField', { field: t(`majorHazardField.${a.majorHazardField}`) })}
                </Tag>
              )}
            </div>
            {summary && needsCaution(summary.verification) && (
              <Alert
                type={summary.verification === 'unverified' ? 'error' : 'warning'}
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="verification-caution"
                title={t(
                  summary.verification === 'partial'
                    ? 'regulation.cautionPartial'
                    : 'regulation.cautionUnverified',
                )}
                description={summary.verificationNote || undefined}
              />
            )}
            {summary?.currencyWarning && (
              <Alert
                type="warning"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="currency-warning"
                title={t('regulation.currencyWarning')}
                description={summary.currencyWarning}
              />
            )}
            {a.textNote && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="article-text-note"
                title={t('article.textNote')}
                description={a.textNote}
              />
            )}
            <div data-testid="article-text">
              {a.paragraphs.length > 0 ? (
                a.paragraphs.map(paragraph)
              ) : (
                <div className="sg-law-text">{a.text}</div>
              )}
            </div>
            <nav className="sg-article-nav" aria-label={t('article.navigation')}>
              {around.prev ? (
                <Link to={articlePath(a.lawId, around.prev.number)} data-testid="article-prev">
                  <Button icon={<LeftOutlined />}>{t('article.prev', { label: around.prev.label })}</Button>
                </Link>
              ) : (
                <span />
              )}
              <Link to={regulationPath(a.lawId)} data-testid="article-toc">
                <Button icon={<UnorderedListOutlined />}>{t('regulation.toc')}</Button>
              </Link>
              {around.next ? (
                <Link to={articlePath(a.lawId, around.next.number)} data-testid="article-next">
                  <Button icon={<RightOutlined />} iconPlacement="end">
                    {t('article.next', { label: around.next.label })}
                  </Button>
                </Link>
              ) : (
                <span />
              )}
            </nav>
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          {a.enforcedBy.length > 0 && (
            <Card
              size="small"
              title={t('article.enforcedBy')}
              data-testid="article-enforced-by"
              style={{ marginBottom: 16 }}
            >
              {a.enforcedBy.map((p) => (
                <PenaltyView key={p.ref} penalty={p} testId="article-penalty" />
              ))}
            </Card>
          )}
          {a.enforces.length > 0 && (
            <Card size="small" title={t('article.enforces')} data-testid="article-enforces">
              {a.enforces.map((o) => (
                <ProvisionLinkView key={o.ref} link={o} testId="article-obligation" />
              ))}
            </Card>
          )}
          {a.enforcedBy.length === 0 && a.enforces.length === 0 && (
            <Typography.Paragraph type="secondary" data-testid="article-no-links">
              {t('article.noLinks')}
            </Typography.Paragraph>
          )}
        </Col>
      </Row>
    </div>
  );
}
