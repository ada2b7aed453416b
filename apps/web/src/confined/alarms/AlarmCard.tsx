import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Collapse, Descriptions, Space, Tag, Typography } from 'antd';
import { CheckOutlined, SafetyOutlined } from '@ant-design/icons';
import type { Alarm } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { alarmDetailEntries, RESCUE_GUIDANCE } from '../alarmModel';
import { ALARM_STATUS_TAG_COLORS, SEVERITY_TAG_COLORS } from '../labels';
import { usePermitContacts } from './usePermitContacts';
import { AlarmHazard } from './AlarmHazard';
import { useSpaceRescue } from './useSpaceRescue';

const SEVERITY_BORDER = { critical: '#cf1322', major: '#d46b08', minor: '#d4b106' } as const;

interface Props {
  alarm: Alarm;
  mayHandle: boolean;
  busy: boolean;
  onAcknowledge(): void;
  onResolve(): void;
  /** The alarm once it has become a hazard (before the stream says so). */
  onLinked?(alarm: Alarm): void;
}

/** One alarm on the board: what, where, when, who is on site, what to do, and the buttons. */
export function AlarmCard({ alarm, mayHandle, busy, onAcknowledge, onResolve, onLinked }: Props) {
  const { t, lookup, formatDateTime } = useI18n();
  const contacts = usePermitContacts(alarm.permitId);
  const [guidanceOpen, setGuidanceOpen] = useState(alarm.severity === 'critical');
  // Fetched only once the guidance is open: a board of minor alarms need not load every space.
  const rescue = useSpaceRescue(alarm.spaceId, guidanceOpen);
  const details = alarmDetailEntries(alarm.detail);
  const detailValue = (key: string, value: string) => {
    if (key === 'rule') return lookup(`gasRule.${value}`) ?? value;
    if (key === 'gas') return lookup(`gas.${value}`) ?? value;
    return key.endsWith('At') ? formatDateTime(value) : value;
  };

  return (
    <Card
      size="small"
      data-testid="alarm-row"
      data-alarm-id={alarm.id}
      data-alarm-kind={alarm.kind}
      data-severity={alarm.severity}
      data-status={alarm.status}
      style={{ borderLeft: `4px solid ${SEVERITY_BORDER[alarm.severity]}` }}
      title={
        <Space size={4} wrap>
          <Tag color={SEVERITY_TAG_COLORS[alarm.severity]} data-testid="alarm-severity">
            {t(`alarmSeverity.${alarm.severity}`)}
          </Tag>
          <Typography.Text strong>{t(`alarmKind.${alarm.kind}`)}</Typography.Text>
          <Tag color={ALARM_STATUS_TAG_COLORS[alarm.status]}>{t(`alarmStatus.${alarm.status}`)}</Tag>
        </Space>
      }
      extra={
        <Space size={4} wrap>
          <AlarmHazard alarm={alarm} onLinked={onLinked} />
          {mayHandle && (
            <Space size={4} wrap>
              {alarm.status === 'raised' && (
                <Button
                  size="small"
                  type="primary"
                  icon={<CheckOutlined />}
                  loading={busy}
                  onClick={onAcknowledge}
                  data-testid="alarm-ack"
                >
                  {t('alarms.acknowledge')}
                </Button>
              )}
              {alarm.status !== 'resolved' && (
                <Button size="small" onClick={onResolve} disabled={busy} data-testid="alarm-resolve">
                  {t('alarms.resolve')}
                </Button>
              )}
            </Space>
          )}
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={[
          {
            key: 'where',
            label: t('alarms.space'),
            children: (
              <Space size={4} wrap>
                {alarm.spaceId ? (
                  <Link to={`/confined/spaces/${encodeURIComponent(alarm.spaceId)}`}>
                    {alarm.spaceName ?? alarm.spaceId}
                  </Link>
                ) : (
                  '—'
                )}
                {alarm.enterpriseName && (
                  <Typography.Text type="secondary">{alarm.enterpriseName}</Typography.Text>
                )}
              </Space>
            ),
          },
          { key: 'at', label: t('alarms.occurredAt'), children: formatDateTime(alarm.occurredAt) },
          {
            key: 'escalation',
            label: t('alarms.escalationLabel'),
            children:
              alarm.escalationLevel > 0 ? (
                <Tag color="volcano" data-testid="alarm-escalation" data-level={alarm.escalationLevel}>
                  {t('alarms.escalation', { level: alarm.escalationLevel })}
                </Tag>
              ) : (
                <Typography.Text type="secondary" data-testid="alarm-escalation" data-level={0}>
                  {t('alarms.escalationNone')}
                </Typography.Text>
              ),
          },
          ...(alarm.deviceId ? [{ key: 'device', label: t('alarms.device'), children: alarm.deviceId }] : []),
          ...(alarm.acknowledgedAt
            ? [
                {
                  key: 'ack',
                  label: t('alarms.acknowledgedAt'),
                  children: formatDateTime(alarm.acknowledgedAt),
                },
              ]
            : []),
          ...details.map((d) => ({
            key: `detail-${d.key}`,
            label: lookup(`alarmDetail.${d.key}`) ?? d.key,
            children: detailValue(d.key, d.value),
          })),
          {
            key: 'contacts',
            label: t('alarms.contacts'),
            span: 'filled' as const,
            children: (
              <span data-testid="alarm-contacts">
                {contacts.state === 'ready' && (
                  <Space size={12} wrap>
                    <span>
                      {t('permit.responsiblePerson')}：{contacts.responsiblePerson}
                    </span>
                    <span>
                      {t('permit.attendant')}：{contacts.attendant}
                    </span>
                    <span>
                      {t('permit.entrants')}：{contacts.entrants.join('、')}
                    </span>
                  </Space>
                )}
                {contacts.state === 'loading' && t('alarms.contactsLoading')}
                {(contacts.state === 'none' || contacts.state === 'error') && t('alarms.noContacts')}
                {alarm.permitId && (
                  <Link
                    to={`/confined/permits/${encodeURIComponent(alarm.permitId)}`}
                    style={{ marginLeft: 12 }}
                    data-testid="alarm-permit-link"
                  >
                    {t('alarms.openPermit')}
                  </Link>
                )}
              </span>
            ),
          },
        ]}
      />
      <Collapse
        size="small"
        style={{ marginTop: 8 }}
        defaultActiveKey={alarm.severity === 'critical' ? ['guidance'] : []}
        onChange={(keys) => setGuidanceOpen(keys.includes('guidance'))}
        items={[
          {
            key: 'guidance',
            label: (
              <Space size={6}>
                <SafetyOutlined />
                {t('alarms.guidance')}
              </Space>
            ),
            children: (
              <div data-testid="alarm-guidance">
                <ol style={{ margin: 0, paddingLeft: 20 }}>
                  {RESCUE_GUIDANCE[alarm.kind].map((key) => (
                    <li key={key}>{t(key)}</li>
                  ))}
                </ol>
                {rescue && (rescue.rescuePlan || rescue.rescueEquipment.length > 0) && (
                  <div style={{ marginTop: 8 }} data-testid="alarm-space-rescue">
                    {rescue.rescuePlan && (
                      <div>
                        <Typography.Text strong>{t('alarms.spaceRescuePlan')}</Typography.Text>
                        <div style={{ whiteSpace: 'pre-wrap' }}>{rescue.rescuePlan}</div>
                      </div>
                    )}
                    {rescue.rescueEquipment.length > 0 && (
                      <div>
                        <Typography.Text strong>{t('alarms.spaceRescueEquipment')}</Typography.Text>
                        {rescue.rescueEquipment.join('、')}
                      </div>
                    )}
                  </div>
                )}
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
                  {t('alarms.guidanceNote')}
                </Typography.Paragraph>
              </div>
            ),
          },
        ]}
      />
    </Card>
  );
}
