import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Empty, Segmented, Spin, Typography } from 'antd';
import { PlayCircleOutlined } from '@ant-design/icons';
import type { EnforcementTask, EnforcementTaskList, EnforcementTaskStatus } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { useApiGet } from '../../grid/common/useApi';
import { inspectionPath } from '../inspections/inspectionsApi';
import { planPath, startTaskInspection, taskListUrl } from './plansApi';
import { TargetSourceTag, TaskStatusTag, usePlanPeriod } from './PlanBits';
import './plans.css';

type Filter = 'open' | EnforcementTaskStatus;

/**
 * 我的执法任务 (`/enforcement/tasks`): the tasks drawn for the signed-in officer; starting one opens
 * its inspection with the drawn partner (the server holds the pair to the draw).
 */
export default function EnforcementTasksPage() {
  const { t, formatDateTime } = useI18n();
  useDocumentTitle(t('plan.myTasks'));
  const { session } = useSession();
  const navigate = useNavigate();
  const period = usePlanPeriod();
  const [filter, setFilter] = useState<Filter>('open');
  const list = useApiGet<EnforcementTaskList>(taskListUrl(filter === 'open' ? null : filter));
  const [starting, setStarting] = useState<string | null>(null);
  const [startError, setStartError] = useState<unknown>(null);
  const items = (list.data?.items ?? []).filter((k) => filter !== 'open' || k.status !== 'done');

  async function start(task: EnforcementTask) {
    setStarting(task.id);
    setStartError(null);
    try {
      const inspection = await startTaskInspection(task);
      navigate(inspectionPath(inspection.id));
    } catch (error) {
      setStartError(error);
      list.reload();
    } finally {
      setStarting(null);
    }
  }

  const me = session?.user.id;
  return (
    <div className="sg-plans">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('plan.myTasks')}
        </Typography.Title>
      </div>
      <div className="sg-toolbar">
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={[
            { value: 'open', label: t('plan.tasksOpen') },
            { value: 'assigned', label: t('plan.taskStatus.assigned') },
            { value: 'in_progress', label: t('plan.taskStatus.in_progress') },
            { value: 'done', label: t('plan.taskStatus.done') },
          ]}
          data-testid="task-filter"
        />
      </div>
      {startError !== null && <ErrorAlert error={startError} />}
      {list.error !== null && <ErrorAlert error={list.error} onRetry={list.reload} />}
      {list.loading && <Spin />}
      {list.data && (
        <div className="sg-task-list" data-testid="task-list" data-count={items.length}>
          {items.length === 0 && <Empty description={t('plan.noTasks')} />}
          {items.map((k) => (
            <div
              key={k.id}
              className="sg-task-row"
              data-testid="task-row"
              data-id={k.id}
              data-status={k.status}
            >
              <div className="sg-task-row-head">
                <strong>{k.enterprise.name}</strong>
                <span>
                  <TargetSourceTag source={k.source} />
                  <TaskStatusTag status={k.status} />
                </span>
              </div>
              <div className="sg-task-row-meta">
                <span>{k.enterprise.address}</span>
                <span>{k.enterprise.creditCode}</span>
              </div>
              <div className="sg-task-row-meta">
                <Link to={planPath(k.plan.id)}>
                  {period(k.plan)} {k.plan.title}
                </Link>
                <span>
                  {t('plan.pair')}：
                  {k.officers.map((o) => (o.id === me ? t('plan.me') : o.displayName)).join('、')}
                </span>
                <span>{formatDateTime(k.updatedAt)}</span>
              </div>
              <div style={{ marginTop: 8 }}>
                {k.inspectionId ? (
                  <Link to={inspectionPath(k.inspectionId)} data-testid="task-open-inspection">
                    {t('plan.openInspection')}
                  </Link>
                ) : (
                  <Button
                    type="primary"
                    size="small"
                    icon={<PlayCircleOutlined />}
                    loading={starting === k.id}
                    onClick={() => void start(k)}
                    data-testid="task-start"
                  >
                    {t('plan.startInspection')}
                  </Button>
                )}
              </div>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
