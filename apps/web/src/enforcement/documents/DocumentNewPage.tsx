import { useMemo, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Row,
  Space,
  Typography,
} from 'antd';
import type { ButtonProps, FormInstance } from 'antd';
import { FilePdfOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { EnterpriseDetail, OfficialDocumentIssued } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { FormErrorAlert, type FormError } from '../../shell/FormErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession, useSignedIn } from '../../identity/SessionProvider';
import { useApiGet } from '../../grid/common/useApi';
import { MATCHER_PATH } from '../regulations/refModel';
import { deadlineCalendarNote, deadlineYears, notWorkingDayMessage } from '../calendar/workingDayModel';
import { useWorkingDayCalendar } from '../calendar/useWorkingDayCalendar';
import { EnterprisePicker, type EnterpriseChoice } from './EnterprisePicker';
import { FindingRow } from './FindingRow';
import { enterpriseUrl, issueDocument, verifyPagePath } from './documentsApi';
import {
  DOCUMENT_LIMITS,
  assignDocumentErrors,
  chinaToday,
  deadlineSelectable,
  documentDateSelectable,
  emptyFinding,
  initialDocumentForm,
  nextDocumentForm,
  readHandoff,
  toIssueRequest,
  type DocumentFormValues,
} from './documentModel';
import './documents.css';

const DATE_FORMAT = 'YYYY-MM-DD';
/** A field name as the typed form takes it (the model's names are checked against the form's shape). */
type FormFieldName = Parameters<FormInstance<DocumentFormValues>['setFields']>[0][number]['name'];
const ID = /^[1-9][0-9]{0,17}$/;

/** The form keeps dates as `YYYY-MM-DD`; the picker shows them as Dayjs values. */
const dateItemProps = {
  getValueProps: (value: unknown) => ({
    value: typeof value === 'string' && value !== '' ? dayjs(value) : null,
  }),
  normalize: (value: Dayjs | null) => (value ? value.format(DATE_FORMAT) : ''),
};

/**
 * 签发责令限期整改指令书 (`/enforcement/documents/new?enterpriseId=`): an officer fills in the
 * order, confirms (a numbered document is a legal act and cannot be withdrawn) and gets its
 * number, verification code and PDF. The clause matcher may hand over a finding (router state).
 */
export default function DocumentNewPage() {
  const { t } = useI18n();
  useDocumentTitle(t('document.title'));
  const session = useSignedIn();
  const { can } = useSession();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const presetId = ID.test(searchParams.get('enterpriseId') ?? '') ? searchParams.get('enterpriseId')! : '';
  const preset = useApiGet<EnterpriseDetail>(presetId ? enterpriseUrl(presetId) : null);
  const presetChoice = useMemo<EnterpriseChoice | null>(
    () =>
      preset.data ? { id: preset.data.id, name: preset.data.name, creditCode: preset.data.creditCode } : null,
    [preset.data],
  );
  const [today] = useState(() => chinaToday(new Date()));
  // Issuing another document mounts a fresh form with the values kept from the last one.
  const [start, setStart] = useState(() => ({
    generation: 0,
    values: initialDocumentForm(today, session.user.displayName, {
      enterpriseId: presetId,
      handoff: readHandoff(location.state),
    }),
  }));
  const [issued, setIssued] = useState<{
    document: OfficialDocumentIssued;
    values: DocumentFormValues;
  } | null>(null);

  if (issued) {
    return (
      <div data-testid="document-new">
        <IssuedPanel
          document={issued.document}
          onAnother={() => {
            const values = nextDocumentForm(issued.values);
            setIssued(null);
            setStart((s) => ({ generation: s.generation + 1, values }));
          }}
        />
      </div>
    );
  }
  return (
    <div data-testid="document-new">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('document.title')}
        </Typography.Title>
        {can('regulation.read') && (
          <Link to={MATCHER_PATH}>
            <Button icon={<SafetyCertificateOutlined />}>{t('nav.matcher')}</Button>
          </Link>
        )}
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('document.intro')}
      </Typography.Paragraph>
      {preset.error !== null && (
        <ErrorAlert error={preset.error} onRetry={preset.reload} testId="document-preset-error" />
      )}
      <RectificationOrderForm
        key={start.generation}
        initialValues={start.values}
        today={today}
        preset={presetChoice}
        onIssued={(document, values) => {
          setIssued({ document, values });
          window.scrollTo({ top: 0 });
        }}
      />
    </div>
  );
}

/** What came back: number, verification code, the PDF, the wording notes; then the next one. */
function IssuedPanel({ document: d, onAnother }: { document: OfficialDocumentIssued; onAnother(): void }) {
  const { t, formatDateTime } = useI18n();
  return (
    <Card data-testid="document-result" className="sg-document-result">
      <Result
        status="success"
        title={t('document.issued')}
        subTitle={d.title}
        style={{ padding: '16px 0' }}
      />
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          {
            key: 'number',
            label: t('document.number'),
            children: (
              <Typography.Text strong copyable data-testid="document-number">
                {d.number}
              </Typography.Text>
            ),
          },
          {
            key: 'code',
            label: t('document.verificationCode'),
            children: (
              <Space wrap>
                <Typography.Text code copyable data-testid="document-verification-code">
                  {d.verificationCode}
                </Typography.Text>
                <Link to={verifyPagePath(d.verificationCode)} data-testid="document-verify-link">
                  {t('document.verifyLink')}
                </Link>
              </Space>
            ),
          },
          { key: 'agency', label: t('document.agency'), children: d.agency.name },
          { key: 'date', label: t('document.date'), children: d.documentDate },
          { key: 'issuedAt', label: t('document.issuedAt'), children: formatDateTime(d.issuedAt) },
          {
            key: 'sha256',
            label: t('document.sha256'),
            children: <span className="sg-document-digest">{d.sha256}</span>,
          },
        ]}
      />
      {(d.legalUpdatesApplied.length > 0 || d.unverifiedWording.length > 0) && (
        <div className="sg-document-notes">
          {d.legalUpdatesApplied.length > 0 && (
            <Typography.Paragraph type="secondary" data-testid="document-legal-updates">
              {t('document.legalUpdatesApplied', { items: d.legalUpdatesApplied.join('、') })}
            </Typography.Paragraph>
          )}
          {d.unverifiedWording.length > 0 && (
            <Typography.Paragraph type="secondary" data-testid="document-unverified-wording">
              {t('document.unverifiedWording', { items: d.unverifiedWording.join('、') })}
            </Typography.Paragraph>
          )}
        </div>
      )}
      <div className="sg-toolbar" style={{ marginTop: 16 }}>
        <Button
          type="primary"
          href={d.pdfUrl}
          target="_blank"
          rel="noopener noreferrer"
          icon={<FilePdfOutlined />}
          data-testid="document-pdf-link"
        >
          {t('document.pdf')}
        </Button>
        <Button icon={<PlusOutlined />} onClick={onAnother} data-testid="document-issue-another">
          {t('document.issueAnother')}
        </Button>
      </div>
    </Card>
  );
}

function RectificationOrderForm({
  initialValues,
  today,
  preset,
  onIssued,
}: {
  initialValues: DocumentFormValues;
  today: string;
  preset: EnterpriseChoice | null;
  onIssued(document: OfficialDocumentIssued, values: DocumentFormValues): void;
}) {
  const { t, describeError } = useI18n();
  const [form] = Form.useForm<DocumentFormValues>();
  const documentDate = Form.useWatch('date', form) as string | undefined;
  const deadline = Form.useWatch('deadline', form) as string | undefined;
  const calendar = useWorkingDayCalendar(deadlineYears(today, deadline));
  const calendarNote = deadlineCalendarNote(calendar, deadline, today);
  const [pending, setPending] = useState<DocumentFormValues | null>(null);
  const [issuing, setIssuing] = useState(false);
  const [formError, setFormError] = useState<(FormError & { code: string }) | null>(null);

  const issue = async () => {
    if (!pending) return;
    const values = pending;
    setIssuing(true);
    setFormError(null);
    try {
      const document = await issueDocument(toIssueRequest(values));
      setPending(null);
      onIssued(document, values);
    } catch (error) {
      setPending(null);
      setIssuing(false);
      const described = describeError(error);
      const { byField, unassigned } = assignDocumentErrors(
        described.code,
        described.message,
        described.fields,
      );
      form.setFields(byField.map(({ name, errors }) => ({ name: name as FormFieldName, errors })));
      setFormError({ code: described.code, message: described.message, extra: unassigned });
      const first = byField[0];
      if (first) form.scrollToField(first.name, { block: 'center' });
      else window.scrollTo({ top: 0 });
    }
  };

  const required = { required: true, whitespace: true, message: t('form.required') };
  const tooLong = (limit: number) => ({ max: limit, message: t('document.tooLong', { limit }) });
  return (
    <>
      {formError && (
        <div data-testid="document-error" data-error-code={formError.code}>
          <FormErrorAlert error={formError} />
        </div>
      )}
      <Form<DocumentFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => setPending({ ...initialValues, ...values })}
        onValuesChange={() => formError && setFormError(null)}
        data-testid="document-form"
        className="sg-document-form"
        scrollToFirstError
      >
        <Card size="small" title={t('document.unitSection')} className="sg-document-card">
          <Form.Item
            name="enterpriseId"
            label={t('document.enterprise')}
            rules={[{ required: true, message: t('form.required') }]}
            extra={t('document.enterpriseHint')}
          >
            <EnterprisePicker preset={preset} />
          </Form.Item>
        </Card>

        <Card size="small" title={t('document.findingsSection')} className="sg-document-card">
          <Form.List
            name="findings"
            rules={[
              {
                validator: async (_rule, value: unknown[] | undefined) => {
                  if (!value || value.length === 0) throw new Error(t('error.document.findings_empty'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                  {fields.map((field, index) => (
                    <FindingRow
                      key={field.key}
                      form={form}
                      name={field.name}
                      index={index}
                      removable={fields.length > 1}
                      onRemove={() => remove(field.name)}
                    />
                  ))}
                </Space>
                <Form.ErrorList errors={errors} />
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  style={{ marginTop: 12 }}
                  block
                  disabled={fields.length >= DOCUMENT_LIMITS.findings}
                  onClick={() => add(emptyFinding())}
                  data-testid="document-add-finding"
                >
                  {t('document.addFinding', { max: DOCUMENT_LIMITS.findings })}
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Card size="small" title={t('document.orderSection')} className="sg-document-card">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item
                name="deadline"
                label={t('document.deadline')}
                rules={[
                  { required: true, message: t('form.required') },
                  {
                    // A date picked before the holiday calendar came in may be a loaded holiday.
                    validator: async (_, value) => {
                      const problem = value ? notWorkingDayMessage(calendar, String(value)) : null;
                      if (problem) throw new Error(t(problem.key, problem.params));
                    },
                  },
                ]}
                extra={
                  <span data-testid="document-deadline-calendar" data-calendar={calendarNote.key}>
                    {t('document.deadlineHint')} {t(calendarNote.key, calendarNote.params)}
                  </span>
                }
                {...dateItemProps}
              >
                <DatePicker
                  format={DATE_FORMAT}
                  style={{ width: '100%' }}
                  disabledDate={(d: Dayjs) =>
                    !deadlineSelectable(d.format(DATE_FORMAT), today, documentDate, calendar)
                  }
                  data-testid="document-deadline"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="date"
                label={t('document.date')}
                rules={[{ required: true, message: t('form.required') }]}
                extra={t('document.dateHint')}
                {...dateItemProps}
              >
                <DatePicker
                  format={DATE_FORMAT}
                  style={{ width: '100%' }}
                  allowClear={false}
                  disabledDate={(d: Dayjs) => !documentDateSelectable(d.format(DATE_FORMAT), today)}
                  data-testid="document-date"
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="legalBasis"
            label={t('document.legalBasis')}
            rules={[required, tooLong(DOCUMENT_LIMITS.legalBasis)]}
            extra={t('document.legalBasisHint')}
          >
            <Input.TextArea
              data-testid="document-legal-basis"
              maxLength={DOCUMENT_LIMITS.legalBasis}
              showCount
              autoSize={{ minRows: 2, maxRows: 6 }}
              placeholder={t('document.legalBasisPlaceholder')}
            />
          </Form.Item>
        </Card>

        <Card size="small" title={t('document.appealSection')} className="sg-document-card">
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('document.appealHint')}
          </Typography.Paragraph>
          <Row gutter={16}>
            {(
              [
                ['government', 'document.appealGovernment', 'document.appealGovernmentPlaceholder'],
                ['agency', 'document.appealAgency', 'document.appealAgencyPlaceholder'],
                ['court', 'document.appealCourt', 'document.appealCourtPlaceholder'],
              ] as const
            ).map(([key, label, placeholder]) => (
              <Col xs={24} md={8} key={key}>
                <Form.Item
                  name={['appeal', key]}
                  label={t(label)}
                  rules={[required, tooLong(DOCUMENT_LIMITS.venue)]}
                >
                  <Input
                    maxLength={DOCUMENT_LIMITS.venue}
                    placeholder={t(placeholder)}
                    data-testid={`document-appeal-${key}`}
                  />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Card>

        <Card size="small" title={t('document.officersSection')} className="sg-document-card">
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('document.officersHint')}
          </Typography.Paragraph>
          <Row gutter={16}>
            {[0, 1].map((i) => (
              <Col xs={24} md={12} key={i}>
                <div className="sg-document-officer-title">{t('document.officerN', { n: i + 1 })}</div>
                <Row gutter={12}>
                  <Col xs={24} md={10}>
                    <Form.Item
                      name={['inspectors', i, 'name']}
                      label={t('document.officerName')}
                      rules={[required, tooLong(DOCUMENT_LIMITS.name)]}
                    >
                      <Input maxLength={DOCUMENT_LIMITS.name} data-testid={`document-officer-name-${i}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={14}>
                    <Form.Item
                      name={['inspectors', i, 'certificateNo']}
                      label={t('document.officerCert')}
                      rules={[required, tooLong(DOCUMENT_LIMITS.certificateNo)]}
                    >
                      <Input
                        maxLength={DOCUMENT_LIMITS.certificateNo}
                        data-testid={`document-officer-cert-${i}`}
                      />
                    </Form.Item>
                  </Col>
                </Row>
              </Col>
            ))}
          </Row>
        </Card>

        <div className="sg-toolbar sg-document-actions">
          <Button type="primary" htmlType="submit" loading={issuing} data-testid="document-submit">
            {t('document.submit')}
          </Button>
        </div>
      </Form>

      <Modal
        open={pending !== null}
        title={t('document.confirmTitle')}
        okText={t('document.confirmOk')}
        cancelText={t('common.cancel')}
        onOk={() => void issue()}
        onCancel={() => !issuing && setPending(null)}
        confirmLoading={issuing}
        okButtonProps={{ 'data-testid': 'document-confirm' } as ButtonProps}
        cancelButtonProps={{ disabled: issuing }}
        maskClosable={false}
        destroyOnHidden
      >
        <Typography.Paragraph strong data-testid="document-confirm-text">
          {t('document.confirmBody')}
        </Typography.Paragraph>
        {pending && (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('document.confirmSummary', {
              findings: pending.findings.length,
              deadline: pending.deadline,
              date: pending.date,
            })}
          </Typography.Paragraph>
        )}
      </Modal>
    </>
  );
}
