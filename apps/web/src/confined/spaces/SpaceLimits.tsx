import { useState } from 'react';
import { App, Button, Card, InputNumber, Modal, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { EditOutlined, InfoCircleOutlined } from '@ant-design/icons';
import type { ConfinedSpaceDetail, SpaceGasLimit } from '@safegrid/contracts';
import { ApiError, apiFetch } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { spaceLimitsUrl } from '../confinedApi';
import { limitDraft, limitProblems, limitRules, type LimitDraft, type LimitRule } from '../spaceModel';

interface Props {
  space: ConfinedSpaceDetail;
  mayManage: boolean;
  onSaved(space: ConfinedSpaceDetail): void;
}

/**
 * The alarm limits that apply at this space: each rule's figure, whether it is the default or the
 * space's own, and the default's source with how far that source is verified (the data file says
 * so for each; the UI must not hide it). The enterprise may tighten them.
 */
export function SpaceLimits({ space, mayManage, onSaved }: Props) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const limits = space.limits ?? [];
  if (limits.length === 0) return null;

  const columns: TableProps<SpaceGasLimit>['columns'] = [
    { key: 'rule', title: t('space.limitRule'), render: (_, l) => t(`gasRule.${l.rule}`) },
    {
      key: 'value',
      title: t('space.limitValue'),
      render: (_, l) => (
        <span data-testid="space-limit-value" data-rule={l.rule} data-value={l.value}>
          {l.comparator} {l.value} {l.unit}
          {l.windowMinutes !== null && (
            <Typography.Text type="secondary">
              {' '}
              {t('space.limitWindow', { minutes: l.windowMinutes })}
            </Typography.Text>
          )}
        </span>
      ),
    },
    { key: 'clearAt', title: t('space.limitClearAt'), render: (_, l) => `${l.clearAt} ${l.unit}` },
    {
      key: 'origin',
      title: t('space.limitOrigin'),
      render: (_, l) =>
        l.origin === 'space' ? (
          <Tooltip
            title={t('space.limitDefaultWas', {
              value: l.defaultValue,
              clearAt: l.defaultClearAt,
              unit: l.unit,
            })}
          >
            <Tag color="blue" data-testid="space-limit-origin" data-origin="space">
              {t('space.limitOriginSpace')}
            </Tag>
          </Tooltip>
        ) : (
          <Tag data-testid="space-limit-origin" data-origin="default">
            {t('space.limitOriginDefault')}
          </Tag>
        ),
    },
    {
      key: 'source',
      title: t('space.limitSource'),
      responsive: ['md'],
      render: (_, l) => (
        <Space orientation="vertical" size={0} style={{ maxWidth: 420 }}>
          <Typography.Text code style={{ fontSize: 12 }}>
            {l.source.entry}
          </Typography.Text>
          <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid="space-limit-status">
            {t('space.limitStatus', { status: l.source.status })}
          </Typography.Text>
          {l.note && (
            <Tooltip title={l.note}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                <InfoCircleOutlined /> {t('space.limitNote')}
              </Typography.Text>
            </Tooltip>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('space.limits')}
      data-testid="space-limits"
      extra={
        mayManage && (
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditing(true)}
            data-testid="space-limits-edit"
          >
            {t('space.limitsEdit')}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('space.limitsIntro')}
      </Typography.Paragraph>
      <Table<SpaceGasLimit>
        rowKey="rule"
        size="small"
        columns={columns}
        dataSource={limits}
        pagination={false}
        scroll={{ x: 'max-content' }}
      />
      {editing && (
        <LimitsModal
          space={space}
          limits={limits}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            onSaved(saved);
          }}
        />
      )}
    </Card>
  );
}

function LimitsModal({
  space,
  limits,
  onClose,
  onSaved,
}: {
  space: ConfinedSpaceDetail;
  limits: SpaceGasLimit[];
  onClose(): void;
  onSaved(space: ConfinedSpaceDetail): void;
}) {
  const { t, describeError } = useI18n();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<LimitDraft>(() => limitDraft(limits));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [problems, setProblems] = useState<ReturnType<typeof limitProblems>>([]);

  const save = async (rules: ReturnType<typeof limitRules>) => {
    setSaving(true);
    setError(null);
    setProblems([]);
    try {
      const saved = await apiFetch<ConfinedSpaceDetail>(spaceLimitsUrl(space.id), {
        method: 'PUT',
        json: { rules },
      });
      message.success(t('space.limitsSaved'));
      onSaved(saved);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError) setProblems(limitProblems(rules, describeError(e).fields));
    } finally {
      setSaving(false);
    }
  };

  const set = (rule: LimitRule, field: 'value' | 'clearAt', value: number | null) =>
    setDraft((d) => ({ ...d, [rule]: { ...d[rule], [field]: value } }));
  const problemOf = (rule: LimitRule, field: string) =>
    problems.find((p) => p.rule === rule && p.field === field);

  return (
    <Modal
      open
      width={720}
      title={t('space.limitsEdit')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'space-limits-save' }}
      onOk={() => void save(limitRules(limits, draft))}
      footer={(_, { OkBtn, CancelBtn }) => (
        <>
          <Button onClick={() => void save([])} disabled={saving} data-testid="space-limits-reset">
            {t('space.limitsReset')}
          </Button>
          <CancelBtn />
          <OkBtn />
        </>
      )}
    >
      <Typography.Paragraph type="secondary">{t('space.limitsEditIntro')}</Typography.Paragraph>
      {error !== null && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={error} testId="space-limits-error" />
        </div>
      )}
      <table style={{ width: '100%', borderSpacing: '0 8px' }}>
        <thead>
          <tr>
            <th style={{ textAlign: 'left' }}>{t('space.limitRule')}</th>
            <th style={{ textAlign: 'left' }}>{t('space.limitValue')}</th>
            <th style={{ textAlign: 'left' }}>{t('space.limitClearAt')}</th>
          </tr>
        </thead>
        <tbody>
          {limits.map((l) => (
            <tr key={l.rule} data-testid="space-limit-row" data-rule={l.rule}>
              <td>
                {t(`gasRule.${l.rule}`)}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('space.limitDefault', {
                      comparator: l.comparator,
                      value: l.defaultValue,
                      clearAt: l.defaultClearAt,
                      unit: l.unit,
                    })}
                  </Typography.Text>
                </div>
              </td>
              {(['value', 'clearAt'] as const).map((field) => {
                const problem = problemOf(l.rule, field);
                return (
                  <td key={field}>
                    <InputNumber
                      value={draft[l.rule]?.[field] ?? null}
                      onChange={(v) => set(l.rule, field, typeof v === 'number' ? v : null)}
                      addonAfter={l.unit}
                      status={problem ? 'error' : undefined}
                      step={l.unit === 'ppm' ? 0.5 : 0.1}
                      style={{ width: 170 }}
                      data-testid={`space-limit-${field}`}
                    />
                    {problem && (
                      <div>
                        <Typography.Text type="danger" style={{ fontSize: 12 }}>
                          {problem.message}
                        </Typography.Text>
                      </div>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
