import { Alert, Button, List, Popconfirm, Tag, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import { CloudSyncOutlined, DisconnectOutlined, WifiOutlined } from '@ant-design/icons';
import { useI18n, type MessageKey } from '../../shell/i18n/I18nProvider';
import { useOffline } from './OfflineProvider';
import type { QueueItem } from './queue';
import { conflictError } from './sender';

/** The status pill: online/offline, how many writes wait, how many were refused; "sync now". */
export function OutboxStatus() {
  const { t } = useI18n();
  const { online, queued, conflicts, syncing, syncNow } = useOffline();
  return (
    <div className="sg-outbox-status">
      <span
        className={`sg-outbox-pill ${online ? 'is-online' : 'is-offline'}`}
        data-testid="queue-status"
        data-online={String(online)}
        data-queued={queued}
        data-conflicts={conflicts}
        data-syncing={String(syncing)}
        role="status"
      >
        {online ? <WifiOutlined /> : <DisconnectOutlined />}
        <span>{t(online ? 'outbox.online' : 'outbox.offline')}</span>
        {queued > 0 && <span>{t('outbox.queued', { count: queued })}</span>}
        {conflicts > 0 && (
          <span className="sg-outbox-conflicts">{t('outbox.conflictCount', { count: conflicts })}</span>
        )}
      </span>
      <Button
        size="small"
        icon={<CloudSyncOutlined />}
        loading={syncing}
        data-testid="sync-now"
        onClick={() => void syncNow()}
      >
        {t('outbox.syncNow')}
      </Button>
    </div>
  );
}

const KIND_KEYS: Record<QueueItem['payload']['kind'], MessageKey> = {
  checkIn: 'outbox.kind.checkIn',
  checklist: 'outbox.kind.checklist',
  report: 'outbox.kind.report',
  photo: 'outbox.kind.photo',
  transition: 'outbox.kind.transition',
};

/** The writes the server refused for good, each with its message: sent again or dropped only by the user. */
export function ConflictList() {
  const { t, describeError, formatDateTime } = useI18n();
  const { items, retry, discard } = useOffline();
  const conflicts = items.filter((i) => i.state === 'conflict');
  const waiting = items.filter((i) => i.state === 'pending');
  if (conflicts.length === 0 && waiting.length === 0) return null;
  return (
    <div className="sg-outbox-lists">
      {waiting.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('outbox.waitingTitle')}</Typography.Text>}
          data-testid="queue-list"
          dataSource={waiting}
          renderItem={(i) => (
            <List.Item data-testid="queue-item" data-client-id={i.clientId} data-kind={i.payload.kind}>
              <Tag>{t(KIND_KEYS[i.payload.kind])}</Tag>
              <span className="sg-outbox-label">{i.label}</span>
              <Typography.Text type="secondary">{formatDateTime(i.createdAt)}</Typography.Text>
            </List.Item>
          )}
        />
      )}
      {conflicts.length > 0 && (
        <Alert
          type="error"
          showIcon
          data-testid="conflicts"
          data-count={conflicts.length}
          title={t('outbox.conflictsTitle')}
          description={
            <List
              size="small"
              dataSource={conflicts}
              renderItem={(i) => {
                const c = i.conflict;
                const message = c ? describeError(conflictError(c)).message : '';
                return (
                  <List.Item
                    data-testid="conflict-item"
                    data-client-id={i.clientId}
                    data-kind={i.payload.kind}
                    data-code={c?.code ?? ''}
                    actions={[
                      <Button
                        key="retry"
                        size="small"
                        data-testid="conflict-retry"
                        onClick={() => void retry(i.clientId)}
                      >
                        {t('outbox.retry')}
                      </Button>,
                      <Popconfirm
                        key="discard"
                        title={t('outbox.discardConfirm')}
                        okText={t('outbox.discard')}
                        cancelText={t('common.cancel')}
                        okButtonProps={
                          { danger: true, 'data-testid': 'conflict-discard-confirm' } as ButtonProps
                        }
                        onConfirm={() => void discard(i.clientId)}
                      >
                        <Button size="small" danger data-testid="conflict-discard">
                          {t('outbox.discard')}
                        </Button>
                      </Popconfirm>,
                    ]}
                  >
                    <div>
                      <Tag color="red">{t(KIND_KEYS[i.payload.kind])}</Tag>
                      <span className="sg-outbox-label">{i.label}</span>
                      <div className="sg-outbox-message" data-testid="conflict-message">
                        {message}
                      </div>
                    </div>
                  </List.Item>
                );
              }}
            />
          }
        />
      )}
    </div>
  );
}
