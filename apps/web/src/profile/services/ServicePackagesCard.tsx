import { Link } from 'react-router';
import { Card, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import type { ServicePackageList } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useApiGet } from '../../grid/common/useApi';
import { GradeBadge } from '../GradeBadge';
import { packagesUrl, servicePackagePath, SERVICES_PATH } from './serviceModel';

/** How many of the enterprise's latest packages the profile shows. */
const CARD_LIMIT = 6;

/**
 * The profile's card: the latest safety service packages delivered to this enterprise, each
 * with its month, grade at delivery, size and whether the enterprise has acknowledged it.
 */
export function ServicePackagesCard({ enterpriseId }: { enterpriseId: string }) {
  const { t, formatDateTime } = useI18n();
  const packages = useApiGet<ServicePackageList>(packagesUrl(enterpriseId, null, CARD_LIMIT));
  const items = packages.data?.items ?? [];
  return (
    <Card
      size="small"
      title={t('services.card.title')}
      data-testid="profile-services"
      data-count={items.length}
      extra={
        <Link to={`${SERVICES_PATH}?enterpriseId=${encodeURIComponent(enterpriseId)}`}>
          {t('services.card.all')}
        </Link>
      }
    >
      {packages.error !== null && <ErrorAlert error={packages.error} onRetry={packages.reload} />}
      {packages.loading && <Spin />}
      {packages.data && items.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('services.card.empty')} />
      )}
      {items.length > 0 && (
        <List
          size="small"
          dataSource={items}
          renderItem={(p) => (
            <List.Item
              key={p.id}
              data-testid="profile-service-package"
              data-acknowledged={p.acknowledgedAt !== null}
              extra={
                <Tag color={p.acknowledgedAt ? 'green' : 'orange'}>
                  {t(p.acknowledgedAt ? 'services.ack.done' : 'services.ack.pending')}
                </Tag>
              }
            >
              <Space wrap size={8}>
                <Link to={servicePackagePath(p.id)}>{p.month}</Link>
                <GradeBadge grade={p.gradeAtDelivery} />
                <Typography.Text type="secondary">
                  {t('services.list.itemsCount', { count: p.itemCount })} · {formatDateTime(p.deliveredAt)}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
