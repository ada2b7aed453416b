import { Checkbox, Collapse, List, Space, Tag, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleOutlined } from '@ant-design/icons';
import { useI18n } from '../../shell/i18n/I18nProvider';
import type { ChecklistItem, ChecklistLaw } from '../common/useChecklist';

interface Props {
  items: readonly ChecklistItem[];
  /** Where the article texts come from, shown under the list. */
  law?: ChecklistLaw | null;
  /** Read-only: the permit's answers. */
  answers?: Readonly<Record<string, boolean>>;
  /** Editable (inside a Form.Item): the ids ticked. */
  value?: string[];
  onChange?(value: string[]): void;
}

/**
 * The pre-entry checklist: our short label for each item (catalogue `permit.checklist.<id>`),
 * the article it rests on, and that article's published text folded away underneath, so
 * nobody takes a label for the regulation itself.
 */
export function ChecklistView({ items, law, answers, value, onChange }: Props) {
  const { t, lookup } = useI18n();
  const editable = onChange !== undefined;
  const ticked = new Set(value ?? []);
  const toggle = (id: string, on: boolean) => {
    const next = new Set(ticked);
    if (on) next.add(id);
    else next.delete(id);
    onChange?.(items.map((i) => i.id).filter((i) => next.has(i)));
  };
  return (
    <List
      size="small"
      footer={
        law ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="permit-checklist-law">
            {t('permit.lawSource', { title: law.title, orderNo: law.orderNo, effective: law.effective })}
          </Typography.Text>
        ) : undefined
      }
      data-testid="permit-checklist"
      dataSource={[...items]}
      renderItem={(item) => {
        const label = lookup(`permit.checklist.${item.id}`) ?? item.id;
        const confirmed = answers ? answers[item.id] === true : ticked.has(item.id);
        return (
          <List.Item
            data-testid="permit-checklist-item"
            data-item-id={item.id}
            data-confirmed={String(confirmed)}
            style={{ display: 'block' }}
          >
            {editable ? (
              <Checkbox
                checked={confirmed}
                onChange={(e) => toggle(item.id, e.target.checked)}
                data-testid={`checklist-${item.id}`}
              >
                {label}
              </Checkbox>
            ) : (
              <Space size={6} align="start">
                {confirmed ? (
                  <CheckCircleFilled
                    style={{ color: '#389e0d' }}
                    aria-label={t('permit.checklistConfirmed')}
                  />
                ) : (
                  <CloseCircleOutlined style={{ color: '#cf1322' }} aria-label={t('permit.checklistOpen')} />
                )}
                <span>{label}</span>
                {!confirmed && <Tag color="red">{t('permit.checklistOpen')}</Tag>}
              </Space>
            )}
            <Collapse
              ghost
              size="small"
              items={[
                {
                  key: 'article',
                  label: (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('permit.article', { article: item.article })} · {t('permit.articleShow')}
                    </Typography.Text>
                  ),
                  children: (
                    <Typography.Paragraph
                      type="secondary"
                      style={{ fontSize: 12, whiteSpace: 'pre-wrap', marginBottom: 0 }}
                      data-testid="permit-checklist-article"
                    >
                      {item.articleText}
                    </Typography.Paragraph>
                  ),
                },
              ]}
            />
          </List.Item>
        );
      }}
    />
  );
}
