import { Link } from 'react-router';
import { Button, Card, Col, Empty, Row, Spin, Typography } from 'antd';
import { FileSearchOutlined } from '@ant-design/icons';
import type { RegulationList } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useApiGet } from '../../grid/common/useApi';
import { REGULATIONS_URL } from '../regulationsApi';
import { RegulationFacts } from './RegulationFacts';
import { RegulationSearch } from './RegulationSearch';
import { MATCHER_PATH, regulationPath } from './refModel';
import './enforcement.css';

/**
 * The regulation library (`/enforcement/regulations`): full-text search over all articles, and
 * one card per regulation with its verification status always in view.
 */
export default function RegulationLibraryPage() {
  const { t } = useI18n();
  useDocumentTitle(t('nav.regulations'));
  const list = useApiGet<RegulationList>(REGULATIONS_URL);
  const items = list.data?.items ?? [];

  return (
    <div data-testid="regulation-library">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('regulations.title')}
        </Typography.Title>
        <Link to={MATCHER_PATH}>
          <Button icon={<FileSearchOutlined />} data-testid="regulation-matcher-link">
            {t('regulations.matcherLink')}
          </Button>
        </Link>
      </div>
      <Typography.Paragraph type="secondary">{t('regulations.intro')}</Typography.Paragraph>

      <RegulationSearch placeholder={t('regulations.searchPlaceholder')} />

      {list.error ? (
        <ErrorAlert error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <div className="sg-center">
          <Spin />
        </div>
      ) : items.length === 0 ? (
        <Empty description={t('regulations.empty')} />
      ) : (
        <Row gutter={[16, 16]} data-testid="regulation-list" data-count={items.length}>
          {items.map((r) => (
            <Col key={r.id} xs={24} md={12} xxl={8}>
              <Card
                size="small"
                className="sg-regulation-row"
                data-testid={`regulation-row-${r.id}`}
                data-id={r.id}
                data-verification={r.verification}
              >
                <RegulationFacts
                  summary={r}
                  compact
                  title={
                    <Typography.Title level={5} className="sg-regulation-title">
                      <Link to={regulationPath(r.id)} data-testid="regulation-link">
                        {r.title}
                      </Link>
                    </Typography.Title>
                  }
                />
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </div>
  );
}
