import { Link, useSearchParams } from 'react-router';
import { Button, Empty, Segmented, Spin, Tag, Typography } from 'antd';
import { PlusOutlined, WarningFilled } from '@ant-design/icons';
import type { InspectionList } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { useApiGet } from '../../grid/common/useApi';
import { INSPECTION_NEW_PATH, inspectionListUrl, inspectionPath } from './inspectionsApi';
import { InspectionStatusTag } from './InspectionStatusTag';
import './inspections.css';

/** 现场检查 (`/enforcement/inspections`): mine by default, `?all=1` for all the scope covers. */
export default function InspectionListPage() {
  const { t, formatDateTime } = useI18n();
  useDocumentTitle(t('inspection.listTitle'));
  const { can } = useSession();
  const [searchParams, setSearchParams] = useSearchParams();
  const mine = searchParams.get('all') !== '1';
  const list = useApiGet<InspectionList>(inspectionListUrl({ mine }));

  return (
    <div className="sg-inspections">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('inspection.listTitle')}
        </Typography.Title>
        {can('inspection.conduct') && (
          <Link to={INSPECTION_NEW_PATH}>
            <Button type="primary" icon={<PlusOutlined />} data-testid="inspection-start">
              {t('inspection.start')}
            </Button>
          </Link>
        )}
      </div>
      <div className="sg-toolbar">
        <Segmented<'mine' | 'all'>
          value={mine ? 'mine' : 'all'}
          onChange={(v) => setSearchParams(v === 'all' ? { all: '1' } : {}, { replace: true })}
          options={[
            { value: 'mine', label: t('inspection.mine') },
            { value: 'all', label: t('inspection.all') },
          ]}
          data-testid="inspection-scope"
        />
      </div>
      {list.error !== null && <ErrorAlert error={list.error} onRetry={list.reload} />}
      {list.loading && <Spin />}
      {list.data && (
        <div className="sg-inspection-list" data-testid="inspection-list" data-count={list.data.items.length}>
          {list.data.items.length === 0 && <Empty description={t('inspection.empty')} />}
          {list.data.items.map((i) => (
            <Link
              key={i.id}
              to={inspectionPath(i.id)}
              className="sg-inspection-row"
              data-testid="inspection-row"
              data-id={i.id}
              data-status={i.status}
            >
              <div className="sg-inspection-row-head">
                <span className="sg-inspection-row-name">{i.enterpriseName}</span>
                <InspectionStatusTag status={i.status} />
              </div>
              <div className="sg-inspection-row-meta">
                <span>
                  {t('inspection.startedAt')}：{formatDateTime(i.startedAt)}
                </span>
                <span>{i.officers.join('、')}</span>
              </div>
              <div className="sg-inspection-row-meta">
                <Tag style={{ marginInlineEnd: 0 }}>
                  {t('inspection.findingCount', { count: i.findingCount })}
                </Tag>
                {i.majorHazardCount > 0 && (
                  <Tag color="red" icon={<WarningFilled />} style={{ marginInlineEnd: 0 }}>
                    {t('inspection.majorHazardCount', { count: i.majorHazardCount })}
                  </Tag>
                )}
              </div>
            </Link>
          ))}
        </div>
      )}
    </div>
  );
}
