import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { Breadcrumb, Card, Collapse, Empty, Spin, Typography } from 'antd';
import type { RegulationDetail } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { NotFoundOrError } from '../../grid/common/NotFoundOrError';
import { useApiGet } from '../../grid/common/useApi';
import { regulationUrl } from '../regulationsApi';
import { RegulationFacts } from './RegulationFacts';
import { RegulationSearch } from './RegulationSearch';
import { REGULATIONS_PATH, articlePath } from './refModel';
import { groupByChapter } from './tocModel';
import './enforcement.css';

/** One regulation (`/enforcement/regulations/:id`): its facts, a search within it, its table of contents. */
export default function RegulationPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const detail = useApiGet<RegulationDetail>(regulationUrl(id));
  const law = detail.data;
  useDocumentTitle(law?.shortTitle ?? t('nav.regulations'));
  const groups = useMemo(() => groupByChapter(law?.articles ?? []), [law]);

  if (detail.error)
    return <NotFoundOrError error={detail.error} onRetry={detail.reload} backTo={REGULATIONS_PATH} />;
  if (!law) {
    return (
      <div className="sg-center">
        <Spin />
      </div>
    );
  }

  const tocItems = groups.map((group, i) => ({
    key: String(i),
    label: (
      <span data-testid="toc-chapter">
        {group.chapter ?? t('regulation.noChapter')}{' '}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('regulation.chapterCount', { count: group.articles.length })}
        </Typography.Text>
      </span>
    ),
    children: (
      <ul className="sg-toc-list">
        {group.articles.map((a) => (
          <li key={a.ref} data-testid="toc-article" data-number={a.number}>
            <Link to={articlePath(law.id, a.number)} className="sg-toc-label">
              {a.label}
            </Link>
            <span className="sg-toc-lead">{a.lead}</span>
          </li>
        ))}
      </ul>
    ),
  }));

  return (
    <div data-testid="regulation-view" data-id={law.id} data-verification={law.verification}>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { title: <Link to={REGULATIONS_PATH}>{t('nav.regulations')}</Link> },
          { title: law.shortTitle },
        ]}
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <RegulationFacts
          summary={law}
          title={
            <Typography.Title level={4} className="sg-page-title" data-testid="regulation-title">
              {law.title}
            </Typography.Title>
          }
        />
      </Card>

      <RegulationSearch lawId={law.id} placeholder={t('regulations.searchInLaw', { law: law.shortTitle })} />

      <Card size="small" title={t('regulation.toc')} data-testid="regulation-toc">
        {groups.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('regulation.tocEmpty')} />
        ) : groups.length === 1 && groups[0]!.chapter === null ? (
          tocItems[0]!.children
        ) : (
          <Collapse
            ghost
            size="small"
            items={tocItems}
            // All chapters start open (officers scan the whole list); any can be folded.
            defaultActiveKey={tocItems.map((i) => i.key)}
          />
        )}
      </Card>
    </div>
  );
}
