import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Empty, Spin, Timeline, Typography } from 'antd';
import type { Hazard, HazardWriteResult } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSignedIn } from '../../identity/SessionProvider';
import { refPath } from '../../enforcement/regulations/refModel';
import { writeCache } from '../offline/idbStore';
import { useOffline } from '../offline/OfflineProvider';
import { ConflictList, OutboxStatus } from '../offline/OutboxStatus';
import { conflictError } from '../offline/sender';
import { useCachedGet } from '../offline/useCachedGet';
import { cacheKeys } from '../patrols/cacheKeys';
import { taskPath } from '../patrols/patrolsApi';
import { HazardActionDialog } from './HazardActionDialog';
import { eventSpec, visibleActions, type TransitionEvent } from './hazardModel';
import { HAZARDS_PATH, hazardPhotoUrl, hazardUrl } from './hazardsApi';
import { HazardBadges, HazardStatusTag } from './HazardTags';
import '../patrols/patrols.css';
import '../../enforcement/inspections/inspections.css';
import './hazards.css';

type ActionResult =
  | { state: 'sent'; event: TransitionEvent }
  | { state: 'queued'; event: TransitionEvent }
  | { state: 'conflict'; event: TransitionEvent; error: unknown; code: string };

/** A hazard (`/grid/hazards/:id`): status and marks, photos, the timeline, the allowed steps. */
export default function HazardDetailPage() {
  const { id = '' } = useParams();
  const { t, lookup, formatDateTime, formatNumber } = useI18n();
  const session = useSignedIn();
  const offline = useOffline();
  const keys = useMemo(() => cacheKeys(session.user.id), [session.user.id]);
  const loaded = useCachedGet<Hazard>(hazardUrl(id), keys.hazard(id), offline.generation);
  const [answered, setAnswered] = useState<Hazard | null>(null);
  const hazard = answered && answered.version >= (loaded.data?.version ?? 0) ? answered : loaded.data;
  useDocumentTitle(hazard ? `${t('hz.title')} · ${hazard.enterprise.name}` : t('hz.title'));
  const [action, setAction] = useState<TransitionEvent | null>(null);
  const [result, setResult] = useState<ActionResult | null>(null);

  if (loaded.error !== null && !hazard) return <ErrorAlert error={loaded.error} onRetry={loaded.reload} />;
  if (!hazard) {
    return (
      <div className="sg-center-small">
        <Spin />
      </div>
    );
  }
  const actions = loaded.cachedAt ? [] : visibleActions(hazard.allowedEvents);
  const waiting = offline.items.some(
    (i) =>
      i.state === 'pending' &&
      (i.payload.kind === 'transition' || i.payload.kind === 'photo') &&
      'id' in i.payload.hazard &&
      i.payload.hazard.id === hazard.id,
  );

  return (
    <div className="sg-hazards" data-testid="hazard-detail" data-id={hazard.id} data-version={hazard.version}>
      <div className="sg-toolbar">
        <Link to={HAZARDS_PATH}>{t('hz.back')}</Link>
        <span className="sg-grow" />
        <OutboxStatus />
      </div>
      <ConflictList />
      {loaded.cachedAt && (
        <Alert
          type="warning"
          showIcon
          title={t('patrol.cachedCopy', { time: formatDateTime(loaded.cachedAt) })}
          style={{ marginBottom: 8 }}
        />
      )}
      <Card size="small" className="sg-hazard-card">
        <div className="sg-hazard-row-head">
          <Typography.Title level={4} style={{ margin: 0 }}>
            <Link to={`/enterprises/${encodeURIComponent(hazard.enterprise.id)}`}>
              {hazard.enterprise.name}
            </Link>
          </Typography.Title>
          <HazardStatusTag status={hazard.status} testId="hazard-status" />
        </div>
        <div className="sg-hazard-row-meta" data-testid="hazard-badges" style={{ marginTop: 6 }}>
          <HazardBadges hazard={hazard} />
        </div>
        <Typography.Paragraph
          style={{ marginTop: 8, whiteSpace: 'pre-wrap' }}
          data-testid="hazard-description-text"
        >
          {hazard.description}
        </Typography.Paragraph>
        {hazard.majorHazard && (
          <Alert
            type="error"
            showIcon
            data-testid="hazard-major-criterion"
            data-ref={hazard.majorHazard.ref}
            title={
              <>
                {t('hz.majorCriterion')}{' '}
                <Link to={refPath(hazard.majorHazard.ref)}>{hazard.majorHazard.label}</Link>
              </>
            }
            description={hazard.majorHazard.text}
            style={{ marginBottom: 8 }}
          />
        )}
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('hz.address')}>{hazard.enterprise.address}</Descriptions.Item>
          <Descriptions.Item label={t('hz.source')}>{t(`hz.source.${hazard.source}`)}</Descriptions.Item>
          <Descriptions.Item label={t('hz.foundAt')}>{formatDateTime(hazard.foundAt)}</Descriptions.Item>
          <Descriptions.Item label={t('hz.reportedBy')}>{hazard.reportedBy}</Descriptions.Item>
          <Descriptions.Item label={t('hz.deadline')}>
            <span data-testid="hazard-deadline-text" data-overdue={String(hazard.overdue)}>
              {hazard.deadline ?? t('hz.noDeadline')}
            </span>
          </Descriptions.Item>
          {hazard.closedAt && (
            <Descriptions.Item label={t('hz.closedAt')}>{formatDateTime(hazard.closedAt)}</Descriptions.Item>
          )}
          {hazard.patrolTaskId && (
            <Descriptions.Item label={t('hz.patrolTask')}>
              <Link to={taskPath(hazard.patrolTaskId)}>{t('hz.openTask')}</Link>
            </Descriptions.Item>
          )}
          {hazard.alarmId && (
            <Descriptions.Item label={t('hz.fromAlarm')}>
              <span data-testid="hazard-alarm-origin" data-alarm-id={hazard.alarmId}>
                {t('hz.fromAlarmText', { id: hazard.alarmId })}
              </span>
            </Descriptions.Item>
          )}
        </Descriptions>
        {hazard.pendingDeferral && (
          <Alert
            type="info"
            showIcon
            data-testid="hazard-pending-deferral"
            title={t('hz.pendingDeferral', { date: hazard.pendingDeferral.requestedDeadline })}
            description={hazard.pendingDeferral.reason}
          />
        )}
      </Card>

      {result && <ActionResultView result={result} />}
      {waiting && (
        <Alert
          type="info"
          showIcon
          data-testid="hazard-waiting"
          title={t('hz.waiting')}
          style={{ marginBottom: 8 }}
        />
      )}

      {actions.length > 0 && (
        <div className="sg-hazard-actions" data-testid="hazard-actions" data-count={actions.length}>
          {actions.map((event) => {
            const spec = eventSpec(event);
            return (
              <Button
                key={event}
                type={spec.primary ? 'primary' : 'default'}
                danger={spec.danger}
                data-testid={`hazard-action-${event}`}
                onClick={() => {
                  setResult(null);
                  setAction(event);
                }}
              >
                {t(`hz.event.${event}`)}
              </Button>
            );
          })}
        </div>
      )}

      <Card size="small" className="sg-hazard-card" title={t('hz.photos')}>
        {hazard.photos.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hz.noPhotos')} />
        ) : (
          <div className="sg-evidence-list" data-testid="hazard-photos" data-count={hazard.photos.length}>
            {hazard.photos.map((p) => (
              <figure
                key={p.id}
                className="sg-evidence"
                data-testid="hazard-photo"
                data-stage={p.stage}
                data-id={p.id}
              >
                <a href={p.url || hazardPhotoUrl(hazard.id, p.id)} target="_blank" rel="noreferrer">
                  <img
                    className="sg-evidence-thumb"
                    src={p.url || hazardPhotoUrl(hazard.id, p.id)}
                    alt={t(`hz.photoStage.${p.stage}`)}
                    loading="lazy"
                  />
                </a>
                <figcaption>
                  {t(`hz.photoStage.${p.stage}`)} · {formatDateTime(p.capturedAt)}
                </figcaption>
              </figure>
            ))}
          </div>
        )}
      </Card>

      {hazard.evidenceFiles && hazard.evidenceFiles.length > 0 && (
        <Card size="small" className="sg-hazard-card" title={t('hz.evidenceFiles')}>
          <ul
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
            data-testid="hazard-evidence-files"
            data-count={hazard.evidenceFiles.length}
          >
            {hazard.evidenceFiles.map((f) => (
              <li key={f.id} data-testid="hazard-evidence-file" data-sha256={f.sha256}>
                <a href={f.url} download={f.fileName}>
                  {t(`hz.evidenceKind.${f.kind}`)}
                </a>
                <div className="sg-muted" style={{ wordBreak: 'break-all' }}>
                  {t('hz.evidenceMeta', { size: formatNumber(f.sizeBytes), sha256: f.sha256 })}
                </div>
              </li>
            ))}
          </ul>
        </Card>
      )}

      <Card size="small" className="sg-hazard-card" title={t('hz.timeline')}>
        <Timeline
          data-testid="hazard-timeline"
          items={hazard.transitions.map((tr) => ({
            key: tr.seq,
            color:
              tr.event === 'reject' || tr.event === 'escalate'
                ? 'red'
                : tr.toStatus === 'closed'
                  ? 'green'
                  : 'blue',
            content: (
              <div data-testid="hazard-transition" data-event={tr.event} data-to={tr.toStatus}>
                <div>
                  <strong>{t(`hz.event.${tr.event}`)}</strong> · {t(`hz.status.${tr.toStatus}`)}
                </div>
                <div className="sg-muted">
                  {tr.actor}（{lookup(`role.${tr.role}`) ?? tr.role}）· {formatDateTime(tr.at)}
                  {tr.recordedAt.slice(0, 16) !== tr.at.slice(0, 16) &&
                    ` · ${t('hz.recordedAt', { time: formatDateTime(tr.recordedAt) })}`}
                </div>
                {tr.deadline && <div>{t('hz.deadlineOn', { date: tr.deadline })}</div>}
                {tr.note && <div className="sg-hazard-note">{tr.note}</div>}
              </div>
            ),
          }))}
        />
      </Card>

      {action && (
        <HazardActionDialog
          hazard={hazard}
          event={action}
          onClose={() => setAction(null)}
          onDone={(outcome) => {
            setAction(null);
            if (outcome.state === 'sent') {
              const after = (outcome.response as HazardWriteResult).hazard;
              setAnswered(after);
              void writeCache(keys.hazard(after.id), after);
              setResult({ state: 'sent', event: action });
            } else if (outcome.state === 'queued') {
              setResult({ state: 'queued', event: action });
            } else {
              const c = outcome.item.conflict;
              loaded.reload();
              setResult({
                state: 'conflict',
                event: action,
                error: c ? conflictError(c) : null,
                code: c?.code ?? '',
              });
            }
          }}
        />
      )}
    </div>
  );
}

function ActionResultView({ result }: { result: ActionResult }) {
  const { t } = useI18n();
  if (result.state === 'sent') {
    return (
      <Alert
        type="success"
        showIcon
        closable
        data-testid="hazard-action-result"
        data-state="sent"
        title={t('hz.actionDone', { action: t(`hz.event.${result.event}`) })}
        style={{ marginBottom: 8 }}
      />
    );
  }
  if (result.state === 'queued') {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="hazard-action-result"
        data-state="queued"
        title={t('hz.actionQueued', { action: t(`hz.event.${result.event}`) })}
        style={{ marginBottom: 8 }}
      />
    );
  }
  return (
    <div
      data-testid="hazard-action-result"
      data-state="conflict"
      data-code={result.code}
      style={{ marginBottom: 8 }}
    >
      <ErrorAlert error={result.error} testId="hazard-conflict" />
      <Typography.Text type="secondary">{t('hz.conflictHint')}</Typography.Text>
    </div>
  );
}
