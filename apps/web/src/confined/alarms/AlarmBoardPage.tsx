import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Empty, Space, Spin, Typography } from 'antd';
import { SoundOutlined, MutedOutlined } from '@ant-design/icons';
import type { Alarm } from '@safegrid/contracts';
import { ApiError, apiFetch, isAbortError } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { alarmActionUrl, alarmsUrl, fetchAllPages } from '../confinedApi';
import { countBySeverity, mergeAlarm, reconcileAlarms, shouldSound, type AlarmScope } from '../alarmModel';
import { useConfinedStream } from '../common/stream';
import { StreamBadge } from '../common/StreamBadge';
import { useAlarmSound } from '../common/sound';
import { AlarmCard } from './AlarmCard';
import { ResolveAlarmModal } from './ResolveAlarmModal';

const BOARD: AlarmScope = { openOnly: true };
const PAGE_LIMIT = 200;
const MAX_PAGES = 5;

/**
 * The alarm board (`/confined/alarms`): every open alarm, critical first and newest first, kept
 * current by the stream; a tone for each new (or escalated) critical alarm nobody is on yet.
 */
export default function AlarmBoardPage() {
  const { t, formatNumber, describeError } = useI18n();
  useDocumentTitle(t('nav.confinedAlarms'));
  const { message } = App.useApp();
  const { can } = useSession();
  const mayHandle = can('alarm.handle');
  const sound = useAlarmSound();

  const [items, setItems] = useState<Alarm[]>([]);
  const itemsRef = useRef<Alarm[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [truncated, setTruncated] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [resolving, setResolving] = useState<Alarm | null>(null);
  const request = useRef<AbortController | null>(null);
  /** Events that arrived while a list request was on its way: re-applied on its answer. */
  const pending = useRef<Alarm[] | null>(null);

  const commit = useCallback((next: Alarm[]) => {
    itemsRef.current = next;
    setItems(next);
  }, []);

  const load = useCallback(() => {
    request.current?.abort();
    const controller = new AbortController();
    request.current = controller;
    pending.current = [];
    setLoading(true);
    fetchAllPages<Alarm>((cursor) => alarmsUrl({ open: true }, cursor, PAGE_LIMIT), {
      maxPages: MAX_PAGES,
      signal: controller.signal,
    })
      .then((result) => {
        if (request.current !== controller) return;
        commit(reconcileAlarms(result.items, pending.current ?? [], BOARD));
        setTruncated(result.truncated);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!isAbortError(e) && request.current === controller) setError(e);
      })
      .finally(() => {
        if (request.current === controller) {
          request.current = null;
          pending.current = null;
          setLoading(false);
        }
      });
  }, [commit]);

  useEffect(() => {
    load();
    return () => request.current?.abort();
  }, [load]);

  const apply = useCallback((alarm: Alarm) => commit(mergeAlarm(itemsRef.current, alarm, BOARD)), [commit]);

  const stream = useConfinedStream({
    onOpen: load,
    onEvent: (event) => {
      if (event.type !== 'alarm') return;
      const previous = itemsRef.current.find((a) => a.id === event.alarm.id);
      if (shouldSound(previous, event.alarm)) sound.play();
      pending.current?.push(event.alarm);
      apply(event.alarm);
    },
  });

  const acknowledge = async (alarm: Alarm) => {
    setBusy(alarm.id);
    try {
      apply(await apiFetch<Alarm>(alarmActionUrl(alarm.id, 'acknowledge'), { method: 'POST' }));
      message.success(t('alarms.acknowledgedDone'));
    } catch (e) {
      message.error(describeError(e).message);
      if (e instanceof ApiError && e.code === 'alarm.already_resolved') load();
    } finally {
      setBusy(null);
    }
  };

  const counts = countBySeverity(items);

  return (
    <div data-testid="alarm-board" data-count={items.length}>
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('alarms.title')}
        </Typography.Title>
        <StreamBadge state={stream} />
        <Button
          data-testid="alarm-sound-toggle"
          data-muted={String(sound.muted)}
          aria-pressed={!sound.muted}
          icon={sound.muted ? <MutedOutlined /> : <SoundOutlined />}
          onClick={sound.toggle}
        >
          {t(sound.muted ? 'alarms.soundOff' : 'alarms.soundOn')}
        </Button>
      </div>
      <div className="sg-toolbar">
        <Typography.Text type="secondary" data-testid="alarm-counts">
          {t('alarms.counts', {
            critical: formatNumber(counts.critical),
            major: formatNumber(counts.major),
            minor: formatNumber(counts.minor),
          })}
        </Typography.Text>
      </div>
      {truncated && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('alarms.truncated', { count: formatNumber(items.length) })}
        />
      )}
      {error !== null && (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={error} onRetry={load} />
        </div>
      )}
      {loading && items.length === 0 ? (
        <div className="sg-center">
          <Spin />
        </div>
      ) : items.length === 0 ? (
        <Empty description={t('alarms.empty')} data-testid="alarm-empty" />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {items.map((alarm) => (
            <AlarmCard
              key={alarm.id}
              alarm={alarm}
              mayHandle={mayHandle}
              busy={busy === alarm.id}
              onAcknowledge={() => void acknowledge(alarm)}
              onResolve={() => setResolving(alarm)}
              onLinked={apply}
            />
          ))}
        </Space>
      )}
      <ResolveAlarmModal
        alarm={resolving}
        onClose={() => setResolving(null)}
        onResolved={(alarm) => {
          setResolving(null);
          apply(alarm);
          message.success(t('alarms.resolvedDone'));
        }}
      />
    </div>
  );
}
