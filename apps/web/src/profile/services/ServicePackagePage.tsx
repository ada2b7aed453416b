import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Breadcrumb, Button, Card, Space, Spin, Tag, Typography } from 'antd';
import { CheckOutlined } from '@ant-design/icons';
import type { ServiceArticle, ServicePackageDetail, ServicePackageItem } from '@safegrid/contracts';
import { apiFetch } from '../../shell/api';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { NotFoundOrError } from '../../grid/common/NotFoundOrError';
import { useApiGet } from '../../grid/common/useApi';
import { refPath } from '../../enforcement/regulations/refModel';
import { GradeBadge } from '../GradeBadge';
import { profilePath } from '../profileModel';
import {
  acknowledgeUrl,
  describeReason,
  itemsByKind,
  localised,
  servicePackageUrl,
  SERVICES_PATH,
} from './serviceModel';
import '../profile.css';
import './services.css';

function ArticleBlock({ article }: { article: ServiceArticle }) {
  const { t } = useI18n();
  const { can } = useSession();
  if (article.missing) {
    return (
      <div className="sg-services-article" data-testid="service-article" data-ref={article.ref} data-missing>
        <Typography.Text type="warning">
          {t('services.package.articleMissing', { ref: article.ref })}
        </Typography.Text>
      </div>
    );
  }
  return (
    <div className="sg-services-article" data-testid="service-article" data-ref={article.ref}>
      <Space wrap size={8}>
        <strong>{article.label}</strong>
        <Tag>{t(`verification.${article.verification}`)}</Tag>
        {can('regulation.read') && <Link to={refPath(article.ref)}>{t('services.package.openArticle')}</Link>}
      </Space>
      <p className="sg-services-article-text">{article.text}</p>
    </div>
  );
}

function ItemBlock({ item }: { item: ServicePackageItem }) {
  const { t, lookup, locale } = useI18n();
  const title = localised(item.title, locale);
  const summary = localised(item.summary, locale);
  return (
    <div className="sg-services-item" data-testid="service-item" data-item={item.id} data-kind={item.kind}>
      <div className="sg-services-item-head">
        <strong>{title ?? item.id}</strong>
        {item.durationMinutes !== null && (
          <Tag color="blue">{t('services.package.duration', { minutes: item.durationMinutes })}</Tag>
        )}
        {!item.available && <Tag>{t('services.package.unavailable')}</Tag>}
      </div>
      {summary && <Typography.Paragraph style={{ margin: '4px 0 0' }}>{summary}</Typography.Paragraph>}
      {item.because.length > 0 && (
        <Typography.Text type="secondary" className="sg-services-reasons" data-testid="service-item-because">
          {t('services.package.because')}
          {item.because.map((r) => describeReason(r, lookup, locale)).join('；')}
        </Typography.Text>
      )}
      {item.articles.map((a) => (
        <ArticleBlock key={a.ref} article={a} />
      ))}
    </div>
  );
}

/**
 * 安全服务包 (`/profile/services/:id`): one package with every item's content, grouped by kind;
 * regulation items carry their articles' text from the regulation library. The enterprise account
 * confirms it has read it (已阅知); officers see whether it has.
 */
export default function ServicePackagePage() {
  const { id = '' } = useParams();
  const { t, formatDateTime, describeError } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const loaded = useApiGet<ServicePackageDetail>(servicePackageUrl(id));
  const [acknowledged, setAcknowledged] = useState<ServicePackageDetail | null>(null);
  const [sending, setSending] = useState(false);
  const p = acknowledged?.id === id ? acknowledged : loaded.data;
  useDocumentTitle(
    p ? t('services.package.title', { name: p.enterpriseName, month: p.month }) : t('services.title'),
  );

  if (loaded.error)
    return <NotFoundOrError error={loaded.error} onRetry={loaded.reload} backTo={SERVICES_PATH} />;
  if (!p) {
    return (
      <div className="sg-center">
        <Spin />
      </div>
    );
  }

  const acknowledge = async () => {
    setSending(true);
    try {
      setAcknowledged(await apiFetch<ServicePackageDetail>(acknowledgeUrl(p.id), { method: 'POST' }));
      void message.success(t('services.package.acknowledgeOk'));
    } catch (error) {
      void message.error(describeError(error).message);
    } finally {
      setSending(false);
    }
  };

  const status = p.acknowledgedAt ? (
    <Alert
      type="success"
      showIcon
      data-testid="service-acknowledged"
      title={`${t('services.package.acknowledgedAt', { at: formatDateTime(p.acknowledgedAt) })}${
        p.acknowledgedBy ? ` · ${t('services.package.acknowledgedBy', { name: p.acknowledgedBy })}` : ''
      }`}
    />
  ) : can('service.acknowledge') ? (
    <Alert
      type="info"
      showIcon
      data-testid="service-acknowledge-box"
      title={t('services.package.acknowledgeHint')}
      action={
        <Button
          type="primary"
          icon={<CheckOutlined />}
          loading={sending}
          onClick={() => void acknowledge()}
          data-testid="service-acknowledge"
        >
          {t('services.package.acknowledge')}
        </Button>
      }
    />
  ) : (
    <Tag color="orange" data-testid="service-not-acknowledged">
      {t('services.package.notAcknowledged')}
    </Tag>
  );

  return (
    <div className="sg-profile" data-testid="service-package-page" data-id={p.id}>
      <Breadcrumb
        style={{ marginBottom: 8 }}
        items={[
          { key: 'list', title: <Link to={SERVICES_PATH}>{t('services.title')}</Link> },
          { key: 'this', title: `${p.enterpriseName} · ${p.month}` },
        ]}
      />
      <Typography.Title level={4} className="sg-page-title">
        {t('services.package.title', { name: p.enterpriseName, month: p.month })}
      </Typography.Title>
      <Space wrap size={12} style={{ marginBottom: 12 }}>
        <span>
          {t('services.package.gradeAtDelivery')} <GradeBadge grade={p.gradeAtDelivery} />
          {t('services.package.score', { score: p.scoreAtDelivery })}
        </span>
        <Typography.Text type="secondary">
          {t('services.package.delivered', { at: formatDateTime(p.deliveredAt) })} ·{' '}
          {t('services.package.libraryVersion', { version: p.libraryVersion })} ·{' '}
          {t('services.package.hazards12m', { count: p.hazards12mBefore })}
        </Typography.Text>
        {can('profile.read') && (
          <Link to={profilePath(p.enterpriseId)}>{t('services.package.openProfile')}</Link>
        )}
      </Space>
      {/* The enterprise acknowledges below the content, once it has read it. */}
      {(p.acknowledgedAt || !can('service.acknowledge')) && <div style={{ marginBottom: 12 }}>{status}</div>}
      <Typography.Paragraph type="secondary" className="sg-profile-hint">
        {t('services.package.editorial')}
      </Typography.Paragraph>
      <div className="sg-profile-stack">
        {itemsByKind(p.items).map((group) => (
          <Card
            size="small"
            key={group.kind}
            title={`${t(`services.kind.${group.kind}`)} (${group.items.length})`}
            data-testid={`service-kind-${group.kind}`}
          >
            {group.items.map((item) => (
              <ItemBlock key={item.id} item={item} />
            ))}
          </Card>
        ))}
      </div>
      {!p.acknowledgedAt && can('service.acknowledge') && <div style={{ marginTop: 12 }}>{status}</div>}
    </div>
  );
}
