import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { HolidayCalendarYear } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { FormErrorAlert, type FormError } from '../../shell/FormErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { useApiGet } from '../../grid/common/useApi';
import { chinaToday } from '../documents/documentModel';
import { holidayCalendarUrl, putHolidayCalendar } from './holidayCalendarApi';
import {
  HOLIDAY_KINDS,
  HOLIDAY_LIMITS,
  YEAR_MAX,
  YEAR_MIN,
  addDraftDay,
  calendarFieldFor,
  draftCounts,
  draftErrors,
  draftFrom,
  isDirty,
  makeupOnWeekday,
  newDayError,
  parseYear,
  removeDraftDay,
  sourceParts,
  toPutHolidayCalendar,
  type DraftDay,
  type HolidayKindValue,
  type LocalMessage,
} from './holidayCalendarModel';
import { yearOf } from './workingDayModel';

const DATE_FORMAT = 'YYYY-MM-DD';

/**
 * 节假日日历 (`/enforcement/holiday-calendar?year=`): a year's 法定节假日 and 调休 make-up working
 * days, which working-day deadlines use. The platform ships none; the city admin enters them from
 * the State Council's notice, with the notice as source, and saving replaces the whole year.
 * Everyone else who may read sees the year read-only.
 */
export default function HolidayCalendarPage() {
  const { t, formatDateTime } = useI18n();
  useDocumentTitle(t('holidayCalendar.title'));
  const { can } = useSession();
  const mayManage = can('holiday_calendar.manage');
  const [params, setParams] = useSearchParams();
  const thisYear = yearOf(chinaToday(new Date()));
  const year = parseYear(params.get('year'), thisYear);
  const calendar = useApiGet<HolidayCalendarYear>(holidayCalendarUrl(year));
  const data = calendar.data?.year === year ? calendar.data : null;

  return (
    <div style={{ maxWidth: 1000 }} data-testid="holiday-calendar">
      <Typography.Title level={4} className="sg-page-title">
        {t('holidayCalendar.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('holidayCalendar.intro')}</Typography.Paragraph>
      <Alert
        type="info"
        showIcon
        title={t('holidayCalendar.noData')}
        style={{ marginBottom: 12 }}
        data-testid="holiday-calendar-no-data"
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text>{t('holidayCalendar.year')}</Typography.Text>
        <DatePicker
          picker="year"
          allowClear={false}
          value={dayjs(`${year}-01-01`)}
          disabledDate={(d: Dayjs) => d.year() < YEAR_MIN || d.year() > YEAR_MAX}
          onChange={(d: Dayjs | null) => d && setParams({ year: String(d.year()) })}
          data-testid="holiday-calendar-year"
        />
      </Space>
      {calendar.error !== null && <ErrorAlert error={calendar.error} onRetry={calendar.reload} />}
      {calendar.loading && !data && <Spin />}
      {data && (
        <YearView
          // A fresh draft for each year and each saved version.
          key={`${data.year}|${data.updatedAt ?? ''}`}
          data={data}
          mayManage={mayManage}
          onSaved={calendar.reload}
        />
      )}
      {data && !mayManage && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('holidayCalendar.readOnly')}
        </Typography.Paragraph>
      )}
      {data?.updatedAt && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
          {t('holidayCalendar.updatedAt')}：{formatDateTime(data.updatedAt)}
        </Typography.Paragraph>
      )}
    </div>
  );
}

/** The source text with its http(s) URLs as links. */
function SourceText({ text }: { text: string }) {
  return (
    <span data-testid="holiday-calendar-source-text">
      {sourceParts(text).map((part, i) =>
        part.href ? (
          <a key={i} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </span>
  );
}

interface AddValues {
  day: string;
  kind: HolidayKindValue;
  name: string;
}

/** One year: its status and source, and the list of days (editable by the city admin). */
function YearView({
  data,
  mayManage,
  onSaved,
}: {
  data: HolidayCalendarYear;
  mayManage: boolean;
  onSaved(): void;
}) {
  const { t, locale, describeError } = useI18n();
  const { message } = App.useApp();
  const { year } = data;
  const [days, setDays] = useState<DraftDay[]>(() => draftFrom(data));
  const [source, setSource] = useState(data.source ?? '');
  const [rowErrors, setRowErrors] = useState<ReadonlyMap<string, string[]>>(new Map());
  const [sourceError, setSourceError] = useState<string | null>(null);
  const [formError, setFormError] = useState<(FormError & { code?: string }) | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const [addForm] = Form.useForm<AddValues>();
  const dirty = isDirty(data, days, source);
  const counts = draftCounts(days);
  const weekday = useMemo(
    () => new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }),
    [locale],
  );
  const text = (m: LocalMessage) => t(m.key, m.params);

  const clearErrors = () => {
    setRowErrors(new Map());
    setSourceError(null);
    setFormError(null);
  };

  const add = (values: AddValues) => {
    const problem = newDayError(year, days, values.day);
    if (problem) {
      addForm.setFields([{ name: 'day', errors: [text(problem)] }]);
      return;
    }
    setDays(addDraftDay(days, values));
    clearErrors();
    // The kind and name stay for the next day of the same holiday.
    addForm.setFieldValue('day', undefined);
  };

  const remove = (day: string) => {
    setDays(removeDraftDay(days, day));
    clearErrors();
  };

  const discard = () => {
    setDays(draftFrom(data));
    setSource(data.source ?? '');
    clearErrors();
  };

  /** The checks before asking for confirmation; the server checks again. */
  const review = () => {
    const errors = draftErrors(year, days);
    const byDay = new Map<string, string[]>();
    errors.forEach((m, i) => byDay.set(days[i]!.day, [text(m)]));
    setRowErrors(byDay);
    const noSource = source.trim() === '';
    setSourceError(noSource ? t('holidayCalendar.sourceRequired') : null);
    if (errors.size > 0 || noSource) {
      setFormError({ message: t('holidayCalendar.fixErrors'), extra: [] });
      return;
    }
    setFormError(null);
    setConfirming(true);
  };

  const save = async () => {
    setSaving(true);
    const sent = days;
    try {
      await putHolidayCalendar(year, toPutHolidayCalendar(sent, source));
      setConfirming(false);
      message.success(t('holidayCalendar.saved', { year: String(year) }));
      onSaved();
    } catch (error) {
      setConfirming(false);
      const described = describeError(error);
      const byDay = new Map<string, string[]>();
      const extra: string[] = [];
      let sourceText: string | null = null;
      for (const f of described.fields) {
        const field = calendarFieldFor(f.path, sent.length);
        if (field && 'source' in field) sourceText = f.message;
        else if (field) {
          const day = sent[field.row]!.day;
          byDay.set(day, [...(byDay.get(day) ?? []), f.message]);
        } else extra.push(f.path.length > 0 ? `${f.path.join('.')}: ${f.message}` : f.message);
      }
      setRowErrors(byDay);
      setSourceError(sourceText);
      setFormError({ code: described.code, message: described.message, extra });
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('holidayCalendar.status')}>
            <span data-testid="holiday-calendar-status" data-loaded={data.loaded ? 'true' : 'false'}>
              {data.loaded ? (
                <Tag color="success">{t('holidayCalendar.loaded')}</Tag>
              ) : (
                <Tag color="warning">{t('holidayCalendar.notLoaded')}</Tag>
              )}
              {data.loaded &&
                t('holidayCalendar.counts', {
                  holidays: draftCounts(data.days).holidays,
                  makeup: draftCounts(data.days).makeup,
                })}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('holidayCalendar.source')}>
            {data.source ? <SourceText text={data.source} /> : '—'}
          </Descriptions.Item>
        </Descriptions>
        {!data.loaded && (
          <Alert
            type="warning"
            showIcon
            title={t('holidayCalendar.notLoadedNote', { year: String(year) })}
            data-testid="holiday-calendar-not-loaded"
          />
        )}
      </Card>

      {formError && (
        <div data-testid="holiday-calendar-error" data-error-code={formError.code}>
          <FormErrorAlert error={formError} />
        </div>
      )}

      {mayManage && (
        <Form<AddValues>
          form={addForm}
          layout="inline"
          initialValues={{ kind: 'holiday', name: '' }}
          onFinish={add}
          style={{ marginBottom: 12, rowGap: 8 }}
          data-testid="holiday-calendar-add"
        >
          <Form.Item
            name="day"
            rules={[{ required: true, message: t('form.required') }]}
            getValueProps={(value: unknown) => ({
              value: typeof value === 'string' && value !== '' ? dayjs(value) : null,
            })}
            normalize={(value: Dayjs | null) => (value ? value.format(DATE_FORMAT) : '')}
          >
            <DatePicker
              format={DATE_FORMAT}
              placeholder={t('holidayCalendar.dayPlaceholder')}
              defaultPickerValue={dayjs(`${year}-01-01`)}
              disabledDate={(d: Dayjs) => d.year() !== year}
              data-testid="holiday-calendar-add-day"
            />
          </Form.Item>
          <Form.Item name="kind">
            <Select<HolidayKindValue>
              style={{ width: 180 }}
              options={HOLIDAY_KINDS.map((k) => ({ value: k, label: t(`holidayCalendar.kind.${k}`) }))}
              data-testid="holiday-calendar-add-kind"
            />
          </Form.Item>
          <Form.Item name="name" rules={[{ required: true, whitespace: true, message: t('form.required') }]}>
            <Input
              maxLength={HOLIDAY_LIMITS.name}
              placeholder={t('holidayCalendar.namePlaceholder')}
              data-testid="holiday-calendar-add-name"
            />
          </Form.Item>
          <Form.Item>
            <Button
              htmlType="submit"
              icon={<PlusOutlined />}
              disabled={days.length >= HOLIDAY_LIMITS.days}
              data-testid="holiday-calendar-add-submit"
            >
              {t('holidayCalendar.add')}
            </Button>
          </Form.Item>
        </Form>
      )}

      <Table<DraftDay>
        size="small"
        rowKey="day"
        pagination={false}
        dataSource={days}
        scroll={{ x: true }}
        locale={{ emptyText: t('holidayCalendar.empty') }}
        data-testid="holiday-calendar-days"
        columns={[
          {
            title: t('holidayCalendar.col.day'),
            key: 'day',
            render: (_, d) => (
              <>
                <span data-testid={`holiday-calendar-day-${d.day}`}>{d.day}</span>
                {(rowErrors.get(d.day) ?? []).map((e, i) => (
                  <Typography.Text key={i} type="danger" style={{ display: 'block', fontSize: 12 }}>
                    {e}
                  </Typography.Text>
                ))}
              </>
            ),
          },
          {
            title: t('holidayCalendar.col.weekday'),
            key: 'weekday',
            render: (_, d) => weekday.format(new Date(`${d.day}T00:00:00Z`)),
          },
          {
            title: t('holidayCalendar.col.kind'),
            key: 'kind',
            render: (_, d) => (
              <>
                <Tag color={d.kind === 'holiday' ? 'red' : 'blue'}>{t(`holidayCalendar.kind.${d.kind}`)}</Tag>
                {makeupOnWeekday(d) && (
                  <Typography.Text type="warning" style={{ display: 'block', fontSize: 12 }}>
                    {t('holidayCalendar.makeupOnWeekday')}
                  </Typography.Text>
                )}
              </>
            ),
          },
          { title: t('holidayCalendar.col.name'), dataIndex: 'name', key: 'name' },
          ...(mayManage
            ? [
                {
                  title: t('holidayCalendar.col.actions'),
                  key: 'actions',
                  render: (_: unknown, d: DraftDay) => (
                    <Button
                      size="small"
                      type="link"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => remove(d.day)}
                      data-testid={`holiday-calendar-remove-${d.day}`}
                    >
                      {t('holidayCalendar.remove')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />

      {mayManage && (
        <Card size="small" style={{ marginTop: 12 }}>
          <Form layout="vertical">
            <Form.Item
              label={t('holidayCalendar.source')}
              required
              extra={t('holidayCalendar.sourceHint')}
              validateStatus={sourceError ? 'error' : undefined}
              help={sourceError ?? undefined}
            >
              <Input.TextArea
                value={source}
                maxLength={HOLIDAY_LIMITS.source}
                autoSize={{ minRows: 2 }}
                onChange={(e) => {
                  setSource(e.target.value);
                  setSourceError(null);
                }}
                data-testid="holiday-calendar-source"
              />
            </Form.Item>
          </Form>
          <Space wrap>
            <Button type="primary" onClick={review} data-testid="holiday-calendar-save">
              {t('holidayCalendar.save')}
            </Button>
            <Button onClick={discard} disabled={!dirty} data-testid="holiday-calendar-discard">
              {t('holidayCalendar.discard')}
            </Button>
            {dirty && <Typography.Text type="warning">{t('holidayCalendar.unsaved')}</Typography.Text>}
            <Typography.Text type="secondary">
              {t('holidayCalendar.counts', { holidays: counts.holidays, makeup: counts.makeup })}
            </Typography.Text>
          </Space>
        </Card>
      )}

      <Modal
        open={confirming}
        title={t('holidayCalendar.confirm.title', { year: String(year) })}
        okText={t('holidayCalendar.confirm.ok')}
        okButtonProps={{ danger: true, loading: saving, 'data-testid': 'holiday-calendar-confirm' }}
        cancelText={t('common.cancel')}
        onOk={() => void save()}
        onCancel={() => !saving && setConfirming(false)}
        maskClosable={false}
      >
        <Typography.Paragraph data-testid="holiday-calendar-confirmation">
          {t('holidayCalendar.confirm.body', {
            year: String(year),
            count: days.length,
            holidays: counts.holidays,
            makeup: counts.makeup,
          })}
        </Typography.Paragraph>
        {days.length === 0 && (
          <Alert type="warning" showIcon title={t('holidayCalendar.confirm.empty', { year: String(year) })} />
        )}
      </Modal>
    </>
  );
}
