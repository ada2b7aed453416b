import { useState, type HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Drawer, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type {
  GradingActivation,
  GradingDryRun,
  GradingModelDetail,
  GradingModelSummary,
} from '@safegrid/contracts';
import { apiFetch } from '../shell/api';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useI18n } from '../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../shell/useDocumentTitle';
import { useApiGet } from '../grid/common/useApi';
import { GradeBadge } from './GradeBadge';
import { NewModelModal } from './NewModelModal';
import {
  activateUrl,
  deltaText,
  dryRunRows,
  dryRunUrl,
  GRADES_PATH,
  modelUrl,
  MODELS_URL,
  prettyJson,
  type DryRunRow,
} from './profileModel';
import './profile.css';

type ModelStatus = GradingModelSummary['status'];

const STATUS_COLORS: Record<ModelStatus, string> = {
  draft: 'processing',
  active: 'success',
  retired: 'default',
};

type DryRunState =
  | { version: string; loading: true }
  | { version: string; loading: false; result: GradingDryRun }
  | { version: string; loading: false; error: unknown };

/**
 * 分级模型 (`/profile/models`, city admin): the grading-model versions; read one's document, add a
 * new version (a draft) from JSON, try a draft against every enterprise (dry run) and activate it
 * — which recomputes every enterprise's grade, after a confirmation.
 */
export default function GradingModelsPage() {
  const { t, formatDateTime, formatNumber, describeError } = useI18n();
  useDocumentTitle(t('profile.models.title'));
  const { modal, message } = App.useApp();
  const models = useApiGet<GradingModelSummary[]>(MODELS_URL);
  const [viewing, setViewing] = useState<string | null>(null);
  const detail = useApiGet<GradingModelDetail>(viewing ? modelUrl(viewing) : null);
  const [creating, setCreating] = useState<{ initialText: string } | null>(null);
  const [dryRun, setDryRun] = useState<DryRunState | null>(null);
  const [activating, setActivating] = useState<string | null>(null);
  const [activation, setActivation] = useState<GradingActivation | null>(null);

  const runDry = async (version: string) => {
    setDryRun({ version, loading: true });
    try {
      const result = await apiFetch<GradingDryRun>(dryRunUrl(version), { method: 'POST' });
      setDryRun({ version, loading: false, result });
    } catch (error) {
      setDryRun({ version, loading: false, error });
    }
  };

  const activate = (version: string) => {
    modal.confirm({
      title: t('profile.models.activateTitle', { version }),
      content: (
        <div data-testid="model-activate-confirm">
          <Typography.Paragraph>{t('profile.models.activateExplain')}</Typography.Paragraph>
          {dryRun?.version === version && 'result' in dryRun ? (
            <Typography.Paragraph type="secondary">
              {t('profile.models.activateAfterDryRun', {
                moved: dryRun.result.moves.reduce((sum, m) => sum + m.count, 0),
                enterprises: dryRun.result.enterprises,
              })}
            </Typography.Paragraph>
          ) : (
            <Typography.Paragraph type="warning">{t('profile.models.activateNoDryRun')}</Typography.Paragraph>
          )}
        </div>
      ),
      okText: t('profile.models.activate'),
      okButtonProps: { danger: true, 'data-testid': 'model-activate-ok' } as never,
      cancelText: t('common.cancel'),
      onOk: async () => {
        setActivating(version);
        setActivation(null);
        try {
          const result = await apiFetch<GradingActivation>(activateUrl(version), { method: 'POST' });
          setActivation(result);
          setDryRun(null);
          models.reload();
        } catch (error) {
          message.error(describeError(error).message);
        } finally {
          setActivating(null);
        }
      },
    });
  };

  const columns: TableProps<GradingModelSummary>['columns'] = [
    {
      key: 'version',
      title: t('profile.models.version'),
      render: (_, m) => <strong>{m.version}</strong>,
    },
    {
      key: 'status',
      title: t('profile.models.status'),
      render: (_, m) => (
        <Tag color={STATUS_COLORS[m.status]} data-testid="model-status" data-status={m.status}>
          {t(`profile.modelStatus.${m.status}`)}
        </Tag>
      ),
    },
    { key: 'note', title: t('profile.models.note'), dataIndex: 'note', ellipsis: true },
    { key: 'created', title: t('profile.models.createdAt'), render: (_, m) => formatDateTime(m.createdAt) },
    {
      key: 'activated',
      title: t('profile.models.activatedAt'),
      render: (_, m) => formatDateTime(m.activatedAt),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, m) => (
        <Space size={4} wrap>
          <Button size="small" onClick={() => setViewing(m.version)} data-testid="model-view">
            {t('profile.models.view')}
          </Button>
          {m.status === 'draft' && (
            <>
              <Button
                size="small"
                onClick={() => void runDry(m.version)}
                loading={dryRun?.version === m.version && dryRun.loading}
                data-testid="model-dry-run"
              >
                {t('profile.models.dryRun')}
              </Button>
              <Button
                size="small"
                type="primary"
                danger
                onClick={() => activate(m.version)}
                loading={activating === m.version}
                disabled={activating !== null}
                data-testid="model-activate"
              >
                {t('profile.models.activate')}
              </Button>
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div className="sg-profile" data-testid="models-page">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('profile.models.title')}
        </Typography.Title>
        <Link to={GRADES_PATH}>{t('profile.grades.title')}</Link>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating({ initialText: '' })}
          data-testid="model-new"
        >
          {t('profile.models.new')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary" className="sg-profile-hint">
        {t('profile.models.explain')}
      </Typography.Paragraph>

      {activation && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setActivation(null) }}
          style={{ marginBottom: 12 }}
          data-testid="model-activation"
          data-version={activation.version}
          data-recomputed={activation.recomputed}
          data-changed={activation.changed}
          title={t('profile.models.activated', { version: activation.version })}
          description={
            <span>
              {t('profile.models.activatedDetail', {
                recomputed: formatNumber(activation.recomputed),
                changed: formatNumber(activation.changed),
                seconds: activation.seconds.toFixed(1),
              })}{' '}
              <Link to={GRADES_PATH}>{t('profile.models.seeGrades')}</Link>
            </span>
          }
        />
      )}

      {models.error !== null && <ErrorAlert error={models.error} onRetry={models.reload} />}
      {models.loading && <Spin />}
      {models.data && (
        <Table<GradingModelSummary>
          size="small"
          rowKey="version"
          dataSource={models.data}
          columns={columns}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="models-table"
          onRow={(m) =>
            ({
              'data-testid': 'model-row',
              'data-version': m.version,
              'data-status': m.status,
            }) as HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: <Empty description={t('profile.models.empty')} /> }}
        />
      )}

      {dryRun && (
        <Card
          size="small"
          style={{ marginTop: 16 }}
          title={t('profile.models.dryRunTitle', { version: dryRun.version })}
          data-testid="model-dry-run-result"
          extra={
            <Button size="small" type="text" onClick={() => setDryRun(null)}>
              {t('profile.models.close')}
            </Button>
          }
        >
          {dryRun.loading && <Spin />}
          {'error' in dryRun && (
            <ErrorAlert error={dryRun.error} onRetry={() => void runDry(dryRun.version)} />
          )}
          {'result' in dryRun && (
            <DryRunView dryRun={dryRun.result} onActivate={() => activate(dryRun.version)} />
          )}
        </Card>
      )}

      <Drawer
        open={viewing !== null}
        onClose={() => setViewing(null)}
        size={720}
        title={viewing ? t('profile.models.viewTitle', { version: viewing }) : ''}
        extra={
          detail.data ? (
            <Button
              size="small"
              onClick={() => {
                setCreating({ initialText: prettyJson(detail.data?.model) });
                setViewing(null);
              }}
              data-testid="model-copy-to-new"
            >
              {t('profile.models.copyToNew')}
            </Button>
          ) : undefined
        }
      >
        {detail.error !== null && <ErrorAlert error={detail.error} onRetry={detail.reload} />}
        {detail.loading && <Spin />}
        {detail.data && (
          <>
            <Typography.Paragraph type="secondary">{detail.data.summary.note}</Typography.Paragraph>
            <pre className="sg-profile-json sg-profile-json-view" data-testid="model-json-view">
              {prettyJson(detail.data.model)}
            </pre>
          </>
        )}
      </Drawer>

      <NewModelModal
        open={creating !== null}
        initialText={creating?.initialText ?? ''}
        onClose={() => setCreating(null)}
        onCreated={() => {
          setCreating(null);
          models.reload();
        }}
      />
    </div>
  );
}

function DryRunView({ dryRun, onActivate }: { dryRun: GradingDryRun; onActivate(): void }) {
  const { t, formatNumber } = useI18n();
  const rows = dryRunRows(dryRun);
  const moved = dryRun.moves.reduce((sum, m) => sum + m.count, 0);
  return (
    <div className="sg-profile-stack" data-testid="dry-run" data-moved={moved}>
      <Typography.Text>
        {dryRun.against
          ? t('profile.models.dryRunAgainst', {
              against: dryRun.against,
              enterprises: formatNumber(dryRun.enterprises),
              seconds: dryRun.seconds.toFixed(1),
            })
          : t('profile.models.dryRunNoActive', {
              enterprises: formatNumber(dryRun.enterprises),
              seconds: dryRun.seconds.toFixed(1),
            })}
      </Typography.Text>
      <Table<DryRunRow>
        size="small"
        rowKey="grade"
        dataSource={rows}
        pagination={false}
        data-testid="dry-run-counts"
        onRow={(r) =>
          ({
            'data-testid': 'dry-run-count',
            'data-grade': r.grade,
            'data-after': r.after,
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            key: 'grade',
            title: t('profile.models.grade'),
            render: (_, r) => <GradeBadge grade={r.grade} />,
          },
          {
            key: 'before',
            title: t('profile.models.before'),
            align: 'right',
            render: (_, r) => formatNumber(r.before),
          },
          {
            key: 'after',
            title: t('profile.models.after'),
            align: 'right',
            render: (_, r) => formatNumber(r.after),
          },
          {
            key: 'delta',
            title: t('profile.models.delta'),
            align: 'right',
            render: (_, r) => (
              <Typography.Text type={r.delta > 0 ? 'danger' : r.delta < 0 ? 'success' : 'secondary'}>
                {deltaText(r.delta)}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('profile.models.moves', { count: formatNumber(moved) })}
      </Typography.Title>
      <Table<GradingDryRun['moves'][number]>
        size="small"
        rowKey={(m) => `${m.from}-${m.to}`}
        dataSource={dryRun.moves}
        pagination={false}
        data-testid="dry-run-moves"
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('profile.models.noMoves')} />,
        }}
        onRow={(m) =>
          ({
            'data-testid': 'dry-run-move',
            'data-from': m.from,
            'data-to': m.to,
          }) as HTMLAttributes<HTMLElement>
        }
        columns={[
          {
            key: 'move',
            title: t('profile.models.move'),
            render: (_, m) => (
              <span>
                <GradeBadge grade={m.from} /> → <GradeBadge grade={m.to} />
              </span>
            ),
          },
          {
            key: 'count',
            title: t('profile.models.count'),
            align: 'right',
            render: (_, m) => formatNumber(m.count),
          },
        ]}
      />
      <div>
        <Button type="primary" danger onClick={onActivate} data-testid="dry-run-activate">
          {t('profile.models.activate')}
        </Button>
      </div>
    </div>
  );
}
