import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Button, Empty, Input, Spin, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { ArticleSearchResult } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useSearchDraft } from '../../shell/useKeysetList';
import { useApiGet } from '../../grid/common/useApi';
import { SEARCH_LIMIT, searchUrl } from '../regulationsApi';
import { Highlighted } from './Highlighted';
import { refPath } from './refModel';
import { hitHeading } from './regulationModel';

const QUERY_MAX_LENGTH = 200;

/**
 * Full-text search of the articles (Chinese), in the whole library or one regulation (`lawId`).
 * The query lives in the URL (`?q=`), committed on Enter or after a pause in typing; each hit
 * links to its provision, with the query's words highlighted in the snippet.
 */
export function RegulationSearch({ lawId, placeholder }: { lawId?: string; placeholder: string }) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const update = useCallback(
    (patch: { q?: string }) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (patch.q) next.set('q', patch.q);
          else next.delete('q');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const search = useSearchDraft<{ q: string }>(q, update);
  const hits = useApiGet<ArticleSearchResult>(q ? searchUrl({ q, lawId, limit: SEARCH_LIMIT }) : null);
  const items = hits.data?.items ?? [];

  return (
    <div data-testid="regulation-search">
      <div className="sg-toolbar" role="search">
        <Input
          className="sg-grow"
          data-testid="regulation-search-input"
          allowClear
          maxLength={QUERY_MAX_LENGTH}
          prefix={<SearchOutlined />}
          placeholder={placeholder}
          aria-label={placeholder}
          value={search.draft}
          onChange={(e) => search.setDraft(e.target.value)}
          onPressEnter={search.commit}
        />
        <Button type="primary" onClick={search.commit} data-testid="regulation-search-submit">
          {t('regulations.search')}
        </Button>
      </div>
      {q && hits.error ? <ErrorAlert error={hits.error} onRetry={hits.reload} /> : null}
      {q && hits.loading && (
        <div className="sg-center" style={{ padding: 16 }}>
          <Spin />
        </div>
      )}
      {q && hits.data && (
        <div data-testid="regulation-search-results" data-count={items.length}>
          {items.length === 0 ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={t('regulations.searchEmpty', { q })}
              data-testid="regulation-search-empty"
            />
          ) : (
            <>
              <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 6 }}>
                {items.length >= SEARCH_LIMIT
                  ? t('regulations.searchTruncated', { count: items.length })
                  : t('regulations.searchHits', { count: items.length })}
              </Typography.Text>
              <div className="sg-search-hits">
                {items.map((hit) => (
                  <div
                    key={hit.ref}
                    className="sg-search-hit"
                    data-testid="regulation-search-hit"
                    data-ref={hit.ref}
                  >
                    <Link to={refPath(hit.ref)} className="sg-search-hit-title">
                      {hitHeading(hit.lawShortTitle, hit.label, t)}
                    </Link>
                    <div className="sg-law-snippet">
                      <Highlighted text={hit.snippet} phrases={hit.highlights} />
                    </div>
                  </div>
                ))}
              </div>
            </>
          )}
        </div>
      )}
    </div>
  );
}
