import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, App, Button, DatePicker, Empty, Select, Spin, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { PatrolGenerationResult, PatrolTask } from '@safegrid/contracts';
import { PATROL_TASK_STATUSES } from '@safegrid/contracts/values';
import { apiFetch } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { useNextList } from '../common/useNextList';
import { chinaMonth } from './patrolModel';
import { generateUrl, taskListUrl, taskPath, type TaskListFilters } from './patrolsApi';
import { TaskStatusTag } from './TaskStatusTag';
import './patrols.css';

const MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;
const STATUSES = new Set<string>(PATROL_TASK_STATUSES);

/** 巡查任务 (`/grid/patrols/tasks`): the month's tasks in scope; officers generate them. */
export default function TaskListPage() {
  const { t, formatNumber } = useI18n();
  useDocumentTitle(t('patrol.taskListTitle'));
  const { can } = useSession();
  const { modal } = App.useApp();
  const [searchParams, setSearchParams] = useSearchParams();
  const monthParam = searchParams.get('month') ?? '';
  const statusParam = searchParams.get('status') ?? '';
  const filters: TaskListFilters = {
    month: MONTH.test(monthParam) ? monthParam : chinaMonth(new Date()),
    status: STATUSES.has(statusParam) ? statusParam : '',
  };
  const [generation, setGeneration] = useState(0);
  const list = useNextList<PatrolTask>(
    taskListUrl(filters, null),
    (after) => taskListUrl(filters, after),
    generation,
  );
  const [generated, setGenerated] = useState<PatrolGenerationResult | null>(null);
  const [generateError, setGenerateError] = useState<unknown>(null);

  const update = (patch: Partial<TaskListFilters>) => {
    const next = { ...filters, ...patch };
    const search = new URLSearchParams();
    search.set('month', next.month);
    if (next.status) search.set('status', next.status);
    setSearchParams(search, { replace: true });
  };

  const generate = () => {
    const month = filters.month;
    modal.confirm({
      title: t('patrol.generateTitle', { month }),
      content: <span data-testid="generate-confirm-text">{t('patrol.generateBody', { month })}</span>,
      okText: t('patrol.generate'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'generate-confirm' } as ButtonProps,
      onOk: async () => {
        setGenerateError(null);
        try {
          const result = await apiFetch<PatrolGenerationResult>(generateUrl, {
            method: 'POST',
            json: { month },
          });
          setGenerated(result);
          setGeneration((g) => g + 1);
        } catch (error) {
          setGenerateError(error);
        }
      },
    });
  };

  return (
    <div className="sg-patrols">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('patrol.taskListTitle')}
        </Typography.Title>
        {can('patrol.plan') && (
          <Button
            type="primary"
            icon={<ThunderboltOutlined />}
            data-testid="generate-tasks"
            onClick={generate}
          >
            {t('patrol.generateMonth', { month: filters.month })}
          </Button>
        )}
      </div>
      {generated && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setGenerated(null)}
          data-testid="generate-result"
          data-created={generated.created}
          data-existing={generated.existing}
          data-unassigned={generated.unassigned}
          title={t('patrol.generated', {
            month: generated.month,
            created: formatNumber(generated.created),
            existing: formatNumber(generated.existing),
            unassigned: formatNumber(generated.unassigned),
          })}
          description={generated.unassigned > 0 ? t('patrol.generatedUnassigned') : undefined}
          style={{ marginBottom: 8 }}
        />
      )}
      {generateError !== null && <ErrorAlert error={generateError} testId="generate-error" />}
      <div className="sg-toolbar">
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${filters.month}-01`)}
          onChange={(d) => d && update({ month: d.format('YYYY-MM') })}
          data-testid="task-filter-month"
        />
        <Select
          value={filters.status}
          onChange={(status) => update({ status })}
          style={{ minWidth: 140 }}
          data-testid="task-filter-status"
          options={[
            { value: '', label: t('patrol.allStatuses') },
            ...PATROL_TASK_STATUSES.map((s) => ({ value: s, label: t(`patrol.status.${s}`) })),
          ]}
        />
      </div>
      {list.error !== null && <ErrorAlert error={list.error} onRetry={list.reload} />}
      <div className="sg-patrol-list" data-testid="task-list" data-count={list.items.length}>
        {list.items.length === 0 && list.loading === null && list.error === null && (
          <Empty description={t('patrol.noTasksInMonth')} />
        )}
        {list.items.map((task) => (
          <Link
            key={task.id}
            to={taskPath(task.id)}
            className="sg-patrol-row"
            data-testid="task-row"
            data-id={task.id}
            data-status={task.status}
          >
            <span className="sg-patrol-row-body">
              <span className="sg-patrol-row-head">
                <span className="sg-patrol-row-name">{task.enterprise.name}</span>
                <TaskStatusTag status={task.status} />
              </span>
              <span className="sg-patrol-row-meta">
                <span>{task.inspector.name}</span>
                <span>{t('patrol.due', { date: task.dueDate })}</span>
                {task.failedItems.length > 0 && (
                  <span className="sg-danger-text">
                    {t('patrol.failedCount', { count: task.failedItems.length })}
                  </span>
                )}
              </span>
            </span>
          </Link>
        ))}
      </div>
      {list.loading && (
        <div className="sg-center-small">
          <Spin />
        </div>
      )}
      {list.hasMore && (
        <Button
          block
          onClick={list.loadMore}
          disabled={list.loading !== null}
          data-testid="task-load-more"
          style={{ marginTop: 8 }}
        >
          {t('common.loadMore')}
        </Button>
      )}
    </div>
  );
}
