import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import type { Notice, NoticeList } from '@safegrid/contracts';
import { apiFetch } from '../shell/api';
import { useI18n } from '../shell/i18n/I18nProvider';
import { GradeBadge } from '../profile/GradeBadge';
import {
  NOTICE_POLL_MS,
  NOTICES_READ_ALL_URL,
  badgeText,
  markedRead,
  noticeReadUrl,
  noticeTarget,
  noticesUrl,
} from './noticeModel';

/**
 * The header's bell: the caller's unread notices (an enterprise's grade changing), asked for every
 * minute; opening one marks it read and goes to the enterprise's profile.
 */
export function NoticeBell() {
  const { t, formatDateTime, lookup } = useI18n();
  const navigate = useNavigate();
  const [state, setState] = useState<{ items: Notice[]; unread: number }>({ items: [], unread: 0 });
  const [open, setOpen] = useState(false);

  const load = useCallback((signal?: AbortSignal) => {
    apiFetch<NoticeList>(noticesUrl, { signal, quietAuth: true }).then(
      (list) => setState({ items: list.items, unread: list.unread }),
      // A bell that cannot ring stays quiet (and keeps its last state): pages show their own errors.
      () => undefined,
    );
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    const timer = setInterval(() => load(), NOTICE_POLL_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [load]);

  const openNotice = (notice: Notice) => {
    setOpen(false);
    if (!notice.read) {
      setState((s) => markedRead(s, notice.id));
      void apiFetch(noticeReadUrl(notice.id), { method: 'POST' }).catch(() => load());
    }
    navigate(noticeTarget(notice));
  };

  const readAll = () => {
    setState((s) => ({ items: s.items.map((n) => ({ ...n, read: true })), unread: 0 }));
    void apiFetch(NOTICES_READ_ALL_URL, { method: 'POST' }).catch(() => load());
  };

  const content = (
    <div className="sg-notices" data-testid="notice-list">
      {state.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notices.empty')} />
      ) : (
        <List<Notice>
          size="small"
          dataSource={state.items}
          renderItem={(n) => (
            <List.Item
              className={n.read ? 'sg-notice sg-notice-read' : 'sg-notice'}
              onClick={() => openNotice(n)}
              data-testid="notice"
              data-read={String(n.read)}
              data-enterprise={n.enterpriseId}
            >
              <div>
                <Typography.Text strong={!n.read}>{n.enterpriseName}</Typography.Text>
                <div>
                  {t('notices.gradeChanged')} <GradeBadge grade={n.previousGrade} /> →{' '}
                  <GradeBadge grade={n.grade} />
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(n.at)} · {lookup(`profile.reason.${n.reason}`) ?? n.reason}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      )}
      {state.unread > 0 && (
        <Button type="link" size="small" onClick={readAll} data-testid="notices-read-all">
          {t('notices.readAll')}
        </Button>
      )}
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      title={t('notices.title')}
      content={content}
    >
      <Button
        type="text"
        aria-label={t('notices.title')}
        data-testid="notice-bell"
        data-unread={state.unread}
      >
        <Badge count={badgeText(state.unread)} size="small" offset={[4, -2]}>
          <BellOutlined />
        </Badge>
      </Button>
    </Popover>
  );
}
