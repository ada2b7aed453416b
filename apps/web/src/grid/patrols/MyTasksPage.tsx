import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Empty, Segmented, Spin, Tag, Typography } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import type { Checklist, MyTasks } from '@safegrid/contracts';
import { apiGet } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSignedIn } from '../../identity/SessionProvider';
import { writeCache } from '../offline/idbStore';
import { useOffline } from '../offline/OfflineProvider';
import { ConflictList, OutboxStatus } from '../offline/OutboxStatus';
import { useCachedGet } from '../offline/useCachedGet';
import { getDevicePosition, lastPosition, type DevicePosition } from './geolocation';
import { formatDistance, queuedForTask, routeLegs } from './patrolModel';
import { checklistUrl, myTasksUrl, taskPath, type TaskRange } from './patrolsApi';
import { cacheKeys } from './cacheKeys';
import { RouteMap } from './RouteMap';
import { TaskStatusTag } from './TaskStatusTag';
import './patrols.css';

const RANGES: readonly TaskRange[] = ['today', 'week', 'month'];

/** 我的巡查任务 (`/grid/patrols`): today's or this week's tasks in visiting order, with the route. */
export default function MyTasksPage() {
  const { t, formatDateTime } = useI18n();
  useDocumentTitle(t('patrol.myTasksTitle'));
  const session = useSignedIn();
  const offline = useOffline();
  const [searchParams, setSearchParams] = useSearchParams();
  const rangeParam = searchParams.get('range');
  const range: TaskRange = rangeParam === 'week' || rangeParam === 'month' ? rangeParam : 'today';
  // Where the inspector stands orders the route; a few seconds at most, then without.
  const [position, setPosition] = useState<DevicePosition | null | undefined>(
    () => lastPosition() ?? undefined,
  );
  useEffect(() => {
    if (position !== undefined) return;
    let live = true;
    getDevicePosition({ highAccuracy: false, timeoutMs: 5000, maxAgeMs: 120_000 }).then(
      (p) => live && setPosition(p),
      () => live && setPosition(null),
    );
    const fallback = window.setTimeout(() => live && setPosition((p) => (p === undefined ? null : p)), 7000);
    return () => {
      live = false;
      window.clearTimeout(fallback);
    };
  }, [position]);

  const keys = useMemo(() => cacheKeys(session.user.id), [session.user.id]);
  const url = position === undefined ? null : myTasksUrl(range, position);
  const tasks = useCachedGet<MyTasks>(url, keys.myTasks(range), offline.generation);

  // Keep each task and its check-list for offline use (only from a fresh answer).
  useEffect(() => {
    if (!tasks.data || tasks.cachedAt) return;
    const controller = new AbortController();
    void (async () => {
      for (const task of tasks.data?.items ?? []) {
        await writeCache(keys.task(task.id), task);
        if (controller.signal.aborted) return;
        try {
          const list = await apiGet<Checklist>(checklistUrl(task.id), { signal: controller.signal });
          await writeCache(keys.checklist(task.id), list);
        } catch {
          return;
        }
      }
    })();
    return () => controller.abort();
  }, [tasks.data, tasks.cachedAt, keys]);

  const legs = useMemo(() => routeLegs(tasks.data?.items ?? [], position ?? null), [tasks.data, position]);
  const start = position ? { lat: position.lat, lon: position.lon } : null;

  return (
    <div className="sg-patrols">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('patrol.myTasksTitle')}
        </Typography.Title>
        <OutboxStatus />
      </div>
      <ConflictList />
      <div className="sg-toolbar">
        <Segmented<TaskRange>
          value={range}
          onChange={(v) => setSearchParams(v === 'today' ? {} : { range: v }, { replace: true })}
          options={RANGES.map((r) => ({ value: r, label: t(`patrol.range.${r}`) }))}
          data-testid="my-tasks-range"
        />
      </div>
      {tasks.cachedAt && (
        <Alert
          type="warning"
          showIcon
          data-testid="my-tasks-cached"
          title={t('patrol.cachedCopy', { time: formatDateTime(tasks.cachedAt) })}
          style={{ marginBottom: 8 }}
        />
      )}
      {tasks.error !== null && <ErrorAlert error={tasks.error} onRetry={tasks.reload} />}
      {(tasks.loading || position === undefined) && !tasks.data && (
        <div className="sg-center-small">
          <Spin />
        </div>
      )}
      {tasks.data && (
        <>
          {tasks.data.items.length > 0 && <RouteMap tasks={tasks.data.items} start={start} />}
          <div
            className="sg-patrol-route-summary"
            data-testid="my-tasks-route"
            data-metres={tasks.data.routeMetres}
          >
            {t('patrol.routeSummary', {
              count: tasks.data.items.length,
              distance: t(formatDistance(tasks.data.routeMetres).key, {
                value: formatDistance(tasks.data.routeMetres).value,
              }),
            })}
            {!start && <span className="sg-muted"> · {t('patrol.noPosition')}</span>}
          </div>
          <ol className="sg-patrol-list" data-testid="my-tasks" data-count={tasks.data.items.length}>
            {tasks.data.items.length === 0 && <Empty description={t('patrol.noTasks')} />}
            {tasks.data.items.map((task, index) => {
              const leg = legs[index];
              const waiting = queuedForTask(offline.items, task.id);
              return (
                <li key={task.id}>
                  <Link
                    to={taskPath(task.id)}
                    className="sg-patrol-row"
                    data-testid="my-task"
                    data-id={task.id}
                    data-order={index + 1}
                    data-status={task.status}
                  >
                    <span className="sg-patrol-order">{index + 1}</span>
                    <span className="sg-patrol-row-body">
                      <span className="sg-patrol-row-head">
                        <span className="sg-patrol-row-name">{task.enterprise.name}</span>
                        <TaskStatusTag status={task.status} />
                      </span>
                      <span className="sg-patrol-row-meta">{task.enterprise.address}</span>
                      <span className="sg-patrol-row-meta">
                        <span>{t('patrol.due', { date: task.dueDate })}</span>
                        {leg !== null && leg !== undefined && (
                          <span data-testid="my-task-distance">
                            <EnvironmentOutlined />{' '}
                            {t(index === 0 && start ? 'patrol.legFromHere' : 'patrol.legFromPrevious', {
                              distance: t(formatDistance(leg).key, { value: formatDistance(leg).value }),
                            })}
                          </span>
                        )}
                        {(waiting.checkIn || waiting.checklist) && (
                          <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                            {t('patrol.waitingToSend')}
                          </Tag>
                        )}
                      </span>
                    </span>
                  </Link>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </div>
  );
}
