import { useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Input, Radio, Spin, Tag, Typography } from 'antd';
import { AimOutlined, ExclamationCircleOutlined, WarningFilled } from '@ant-design/icons';
import type { Checklist, ChecklistItem, HazardWriteResult, PatrolTask } from '@safegrid/contracts';
import { CHECKLIST_OUTCOMES, GEOFENCE_RADIUS_METRES } from '@safegrid/contracts/values';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession, useSignedIn } from '../../identity/SessionProvider';
import { conflictError } from '../offline/sender';
import { writeCache } from '../offline/idbStore';
import { newClientId, useOffline, type SubmitOutcome } from '../offline/OfflineProvider';
import { ConflictList, OutboxStatus } from '../offline/OutboxStatus';
import { useCachedGet } from '../offline/useCachedGet';
import { hazardPath } from '../hazards/hazardsApi';
import { cacheKeys } from './cacheKeys';
import { getDevicePosition, PositionError } from './geolocation';
import {
  distanceMetres,
  formatDistance,
  hazardDraftFromItem,
  isTaskWriteResult,
  itemText,
  queuedForTask,
  taskSteps,
  toSubmitChecklist,
  unanswered,
  type ChecklistAnswers,
  type Outcome,
} from './patrolModel';
import { checklistUrl, PATROLS_PATH, taskUrl } from './patrolsApi';
import { ReportHazardModal, type HazardDraft } from './ReportHazardModal';
import { TaskStatusTag } from './TaskStatusTag';
import './patrols.css';

type StepState =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'sent' }
  | { state: 'queued' }
  | { state: 'conflict'; error: unknown }
  | { state: 'position'; reason: PositionError['reason'] };

type ReportState =
  { state: 'sent'; hazardId: string } | { state: 'queued' } | { state: 'conflict'; error: unknown };

const answersKey = (taskId: string) => `safegrid.checklist.${taskId}`;

function loadAnswers(taskId: string): ChecklistAnswers {
  try {
    return JSON.parse(localStorage.getItem(answersKey(taskId)) ?? '{}') as ChecklistAnswers;
  } catch {
    return {};
  }
}

/** One patrol task (`/grid/patrols/tasks/:id`): check in, the check-list, hazards found on it. */
export default function TaskPage() {
  const { id = '' } = useParams();
  const { t, locale, formatDateTime } = useI18n();
  const session = useSignedIn();
  const { can } = useSession();
  const offline = useOffline();
  const keys = useMemo(() => cacheKeys(session.user.id), [session.user.id]);
  const loaded = useCachedGet<PatrolTask>(taskUrl(id), keys.task(id), offline.generation);
  const checklist = useCachedGet<Checklist>(checklistUrl(id), keys.checklist(id));
  const [answered, setAnswered] = useState<PatrolTask | null>(null);
  const task = answered && answered.version >= (loaded.data?.version ?? 0) ? answered : loaded.data;
  useDocumentTitle(task?.enterprise.name ?? t('patrol.taskTitle'));
  const conduct = can('patrol.conduct');
  const mayReport = can('hazard.report');

  const [checkIn, setCheckIn] = useState<StepState>({ state: 'idle' });
  const [submitState, setSubmitState] = useState<StepState>({ state: 'idle' });
  const [answers, setAnswers] = useState<ChecklistAnswers>(() => loadAnswers(id));
  const [draft, setDraft] = useState<HazardDraft | null>(null);
  const [reports, setReports] = useState<Record<string, ReportState>>({});
  const [lastDistance, setLastDistance] = useState<number | null>(null);

  useEffect(() => {
    if (Object.keys(answers).length > 0) localStorage.setItem(answersKey(id), JSON.stringify(answers));
  }, [id, answers]);

  const takeAnswer = (outcome: SubmitOutcome, set: (s: StepState) => void) => {
    if (outcome.state === 'sent') {
      if (isTaskWriteResult(outcome.response)) {
        setAnswered(outcome.response.task);
        void writeCache(keys.task(id), outcome.response.task);
      }
      set({ state: 'sent' });
    } else if (outcome.state === 'queued') {
      set({ state: 'queued' });
    } else {
      set({ state: 'conflict', error: outcome.item.conflict ? conflictError(outcome.item.conflict) : null });
    }
  };

  const doCheckIn = async () => {
    if (!task) return;
    setCheckIn({ state: 'busy' });
    let position;
    try {
      position = await getDevicePosition({ maxAgeMs: 0 });
    } catch (error) {
      setCheckIn({
        state: 'position',
        reason: error instanceof PositionError ? error.reason : 'unavailable',
      });
      return;
    }
    setLastDistance(distanceMetres(position, task.enterprise));
    const outcome = await offline.submit(task.enterprise.name, {
      kind: 'checkIn',
      taskId: task.id,
      body: {
        clientId: newClientId(),
        lat: position.lat,
        lon: position.lon,
        accuracy: Math.min(100000, Math.max(0, position.accuracy)),
        at: new Date().toISOString(),
      },
    });
    takeAnswer(outcome, setCheckIn);
  };

  const submitChecklist = async () => {
    if (!task || !checklist.data) return;
    const body = toSubmitChecklist(checklist.data, answers, newClientId(), new Date());
    if (!body) return;
    setSubmitState({ state: 'busy' });
    const outcome = await offline.submit(task.enterprise.name, { kind: 'checklist', taskId: task.id, body });
    takeAnswer(outcome, setSubmitState);
    if (outcome.state !== 'conflict') localStorage.removeItem(answersKey(task.id));
  };

  if (loaded.error !== null && !task) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!task) {
    return (
      <div className="sg-center-small">
        <Spin />
      </div>
    );
  }

  const waiting = queuedForTask(offline.items, task.id);
  const steps = taskSteps(task);
  const items = checklist.data?.items ?? [];
  const missing = unanswered(items, answers);
  const setOutcome = (itemId: string, outcome: Outcome) =>
    setAnswers((a) => ({ ...a, [itemId]: { ...a[itemId], outcome } }));
  const setNote = (itemId: string, note: string) =>
    setAnswers((a) => ({ ...a, [itemId]: { ...a[itemId], note } }));
  const submitted = task.status === 'done' || submitState.state === 'sent';
  const openReport = (item: ChecklistItem | null) =>
    setDraft(
      item
        ? hazardDraftFromItem(task, item, answers[item.id]?.note, locale)
        : { enterpriseId: task.enterprise.id, description: '', source: 'patrol', patrolTaskId: task.id },
    );

  return (
    <div
      className="sg-patrols"
      data-testid="patrol-task"
      data-id={task.id}
      data-status={task.status}
      data-version={task.version}
    >
      <div className="sg-toolbar">
        <Link to={PATROLS_PATH}>{t('patrol.backToTasks')}</Link>
        <span className="sg-grow" />
        <OutboxStatus />
      </div>
      <ConflictList />
      {loaded.cachedAt && (
        <Alert
          type="warning"
          showIcon
          data-testid="task-cached"
          title={t('patrol.cachedCopy', { time: formatDateTime(loaded.cachedAt) })}
          style={{ marginBottom: 8 }}
        />
      )}
      <Card className="sg-patrol-card" size="small">
        <div className="sg-patrol-row-head">
          <Typography.Title level={4} style={{ margin: 0 }}>
            <Link to={`/enterprises/${encodeURIComponent(task.enterprise.id)}`}>{task.enterprise.name}</Link>
          </Typography.Title>
          <TaskStatusTag status={task.status} testId="patrol-task-status" />
        </div>
        <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t('patrol.address')}>{task.enterprise.address}</Descriptions.Item>
          <Descriptions.Item label={t('patrol.dueDate')}>{task.dueDate}</Descriptions.Item>
          <Descriptions.Item label={t('patrol.inspector')}>{task.inspector.name}</Descriptions.Item>
          {task.note && <Descriptions.Item label={t('patrol.note')}>{task.note}</Descriptions.Item>}
        </Descriptions>
      </Card>

      <Card
        className="sg-patrol-card"
        size="small"
        title={t('patrol.checkInTitle')}
        data-testid="check-in-card"
      >
        {task.checkIn ? (
          <div data-testid="check-in-result" data-outside={String(task.checkIn.outsideGeofence)}>
            <div>
              {t('patrol.checkedInAt', { time: formatDateTime(task.checkIn.at) })} ·{' '}
              <span data-testid="check-in-distance" data-metres={task.checkIn.distanceMetres}>
                {t('patrol.distanceFromSite', {
                  distance: t(formatDistance(task.checkIn.distanceMetres).key, {
                    value: formatDistance(task.checkIn.distanceMetres).value,
                  }),
                })}
              </span>
            </div>
            {task.checkIn.outsideGeofence && (
              <Alert
                type="warning"
                showIcon
                data-testid="geofence-warning"
                title={t('patrol.outsideGeofence', { radius: GEOFENCE_RADIUS_METRES })}
                style={{ marginTop: 8 }}
              />
            )}
          </div>
        ) : waiting.checkIn || checkIn.state === 'queued' ? (
          <Alert type="info" showIcon data-testid="check-in-queued" title={t('patrol.checkInQueued')} />
        ) : (
          <>
            {conduct && steps.canCheckIn && (
              <Button
                type="primary"
                size="large"
                block
                icon={<AimOutlined />}
                loading={checkIn.state === 'busy'}
                data-testid="check-in-button"
                onClick={() => void doCheckIn()}
              >
                {t('patrol.checkIn')}
              </Button>
            )}
            {!offline.online && conduct && steps.canCheckIn && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {t('patrol.checkInOfflineHint')}
              </Typography.Paragraph>
            )}
          </>
        )}
        {lastDistance !== null && !task.checkIn && (
          <Typography.Paragraph
            type="secondary"
            style={{ marginTop: 8, marginBottom: 0 }}
            data-testid="check-in-local-distance"
          >
            {t('patrol.distanceHere', {
              distance: t(formatDistance(lastDistance).key, { value: formatDistance(lastDistance).value }),
            })}
          </Typography.Paragraph>
        )}
        {checkIn.state === 'position' && (
          <Alert
            type="error"
            showIcon
            data-testid="geolocation-error"
            data-reason={checkIn.reason}
            title={t(`patrol.position.${checkIn.reason}`)}
            style={{ marginTop: 8 }}
          />
        )}
        {checkIn.state === 'conflict' && (
          <div style={{ marginTop: 8 }}>
            <ErrorAlert error={checkIn.error} testId="check-in-error" />
          </div>
        )}
      </Card>

      <Card
        className="sg-patrol-card"
        size="small"
        title={t('patrol.checklistTitle')}
        data-testid="checklist"
        data-template={checklist.data?.templateId}
        extra={
          mayReport && (
            <Button size="small" data-testid="report-hazard-free" onClick={() => openReport(null)}>
              {t('patrol.reportHazard')}
            </Button>
          )
        }
      >
        {checklist.error !== null && <ErrorAlert error={checklist.error} onRetry={checklist.reload} />}
        {checklist.loading && !checklist.data && <Spin />}
        {submitted && (
          <Alert
            type="success"
            showIcon
            data-testid="checklist-done"
            title={t('patrol.checklistDone', { failed: task.failedItems.length })}
            style={{ marginBottom: 8 }}
          />
        )}
        {(waiting.checklist || submitState.state === 'queued') && !submitted && (
          <Alert
            type="info"
            showIcon
            data-testid="checklist-queued"
            title={t('patrol.checklistQueued')}
            style={{ marginBottom: 8 }}
          />
        )}
        <ol className="sg-checklist">
          {items.map((item) => {
            const answer = answers[item.id];
            const failed =
              answer?.outcome === 'fail' ||
              (submitted && task.failedItems.includes(item.id) && !answer?.outcome);
            const report = reports[item.id];
            return (
              <li
                key={item.id}
                className={`sg-checklist-item${failed ? ' is-failed' : ''}`}
                data-testid="checklist-item"
                data-item-id={item.id}
                data-major-hazard={String(item.majorHazardRef !== null)}
              >
                <div className="sg-checklist-text">
                  {itemText(item, locale)}
                  {item.majorHazardRef && (
                    <Tag
                      color="red"
                      icon={<WarningFilled />}
                      data-testid="major-hazard-criterion"
                      style={{ marginInlineStart: 6 }}
                    >
                      {t('patrol.majorHazardCriterion')}
                    </Tag>
                  )}
                </div>
                <Radio.Group
                  value={answer?.outcome}
                  onChange={(e) => setOutcome(item.id, e.target.value as Outcome)}
                  disabled={submitted || waiting.checklist || !conduct || !steps.canSubmit}
                  optionType="button"
                  buttonStyle="solid"
                  data-testid={`checklist-outcome-${item.id}`}
                  className="sg-checklist-outcomes"
                >
                  {CHECKLIST_OUTCOMES.map((o) => (
                    <Radio.Button key={o} value={o}>
                      <span
                        data-testid={`checklist-outcome-${item.id}-${o}`}
                        data-checked={String(answer?.outcome === o)}
                      >
                        {t(`patrol.outcome.${o}`)}
                      </span>
                    </Radio.Button>
                  ))}
                </Radio.Group>
                {answer?.outcome === 'fail' && !submitted && (
                  <Input.TextArea
                    value={answer.note ?? ''}
                    onChange={(e) => setNote(item.id, e.target.value)}
                    placeholder={t('patrol.failNote')}
                    autoSize={{ minRows: 1, maxRows: 4 }}
                    maxLength={500}
                    data-testid={`checklist-note-${item.id}`}
                    style={{ marginTop: 6 }}
                  />
                )}
                {failed && mayReport && !report && (
                  <Button
                    danger
                    icon={<ExclamationCircleOutlined />}
                    data-testid="report-hazard"
                    data-item-id={item.id}
                    onClick={() => openReport(item)}
                    style={{ marginTop: 6 }}
                  >
                    {t(item.majorHazardRef ? 'patrol.reportMajorHazard' : 'patrol.reportHazard')}
                  </Button>
                )}
                {report && <ReportResult report={report} />}
              </li>
            );
          })}
        </ol>
        {reports[''] && <ReportResult report={reports['']} />}
        {conduct && steps.canSubmit && !submitted && !waiting.checklist && items.length > 0 && (
          <>
            {missing.length > 0 && (
              <Typography.Paragraph
                type="secondary"
                data-testid="checklist-missing"
                data-count={missing.length}
              >
                {t('patrol.checklistMissing', { count: missing.length })}
              </Typography.Paragraph>
            )}
            <Button
              type="primary"
              size="large"
              block
              disabled={missing.length > 0}
              loading={submitState.state === 'busy'}
              data-testid="checklist-submit"
              onClick={() => void submitChecklist()}
            >
              {t('patrol.submitChecklist')}
            </Button>
          </>
        )}
        {submitState.state === 'conflict' && (
          <div style={{ marginTop: 8 }}>
            <ErrorAlert error={submitState.error} testId="checklist-error" />
          </div>
        )}
      </Card>

      {draft && (
        <ReportHazardModal
          draft={draft}
          enterpriseName={task.enterprise.name}
          onClose={() => setDraft(null)}
          onDone={(outcome) => {
            const key = draft.checklistItemId ?? '';
            const state: ReportState =
              outcome.state === 'sent'
                ? { state: 'sent', hazardId: (outcome.response as HazardWriteResult).hazard.id }
                : outcome.state === 'queued'
                  ? { state: 'queued' }
                  : {
                      state: 'conflict',
                      error: outcome.item.conflict ? conflictError(outcome.item.conflict) : null,
                    };
            setReports((r) => ({ ...r, [key]: state }));
            setDraft(null);
          }}
        />
      )}
    </div>
  );
}

function ReportResult({ report }: { report: ReportState }) {
  const { t } = useI18n();
  if (report.state === 'sent') {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="hazard-report-result"
        data-state="sent"
        data-hazard-id={report.hazardId}
        title={
          <Link to={hazardPath(report.hazardId)} data-testid="reported-hazard-link">
            {t('patrol.hazardReported')}
          </Link>
        }
        style={{ marginTop: 6 }}
      />
    );
  }
  if (report.state === 'queued') {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="hazard-report-result"
        data-state="queued"
        title={t('patrol.hazardQueued')}
        style={{ marginTop: 6 }}
      />
    );
  }
  return (
    <div style={{ marginTop: 6 }} data-testid="hazard-report-result" data-state="conflict">
      <ErrorAlert error={report.error} />
    </div>
  );
}
