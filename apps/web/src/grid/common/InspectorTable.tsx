import type { HTMLAttributes } from 'react';
import { Table } from 'antd';
import type { InspectorAssignment } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';

/** Inspectors responsible for a grid ("责任到人"), with their effective dates. */
export function InspectorTable({
  inspectors,
  testId,
}: {
  inspectors: readonly InspectorAssignment[];
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <Table<InspectorAssignment>
      data-testid={testId}
      size="small"
      rowKey={(r) => `${r.inspectorId}-${r.validFrom}`}
      dataSource={[...inspectors]}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('inspectors.none') }}
      onRow={() => ({ 'data-testid': 'inspector-row' }) as HTMLAttributes<HTMLElement>}
      columns={[
        { key: 'name', title: t('inspectors.name'), dataIndex: 'name' },
        {
          key: 'phone',
          title: t('inspectors.phone'),
          render: (_, r) => (r.phone ? <a href={`tel:${r.phone}`}>{r.phone}</a> : '—'),
        },
        { key: 'validFrom', title: t('inspectors.validFrom'), dataIndex: 'validFrom' },
        {
          key: 'validTo',
          title: t('inspectors.validTo'),
          render: (_, r) => r.validTo ?? t('inspectors.current'),
        },
      ]}
    />
  );
}
