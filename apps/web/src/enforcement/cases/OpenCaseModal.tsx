import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Checkbox, Col, Form, Input, Row, Select, Typography } from 'antd';
import type { Inspection } from '@safegrid/contracts';
import { DOCUMENT_LIMITS } from '@safegrid/contracts/values';
import type { FormError } from '../../shell/FormErrorAlert';
import { IssuingModal } from './IssuingModal';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { deadlineCalendarNote, deadlineYears } from '../calendar/workingDayModel';
import { useWorkingDayCalendar } from '../calendar/useWorkingDayCalendar';
import { casePath, openCase } from './casesApi';
import {
  caseableFindings,
  chinaToday,
  defaultCoHandler,
  defaultRectificationDeadline,
  rectificationDeadlineError,
} from './caseModel';

interface OpenValues {
  findingSeqs: number[];
  rectificationDeadline: string;
  coHandlerId?: string;
  cause?: string;
  myCertificate: string;
  coCertificate: string;
  legalBasis: string;
  appeal: { government: string; agency: string; court: string };
}

/**
 * 立案前：责令限期整改 — opens a case from a completed inspection: the findings it is about, the
 * 整改期限, the co-handler, and what the 指令书 prints; the server issues the numbered order in
 * the same transaction, so a confirmation comes first. Mounted while open.
 */
export function OpenCaseModal({
  inspection,
  userId,
  onClose,
}: {
  inspection: Inspection;
  userId: string;
  onClose(): void;
}) {
  const { t, describeError } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<OpenValues>();
  const today = chinaToday(new Date());
  const findings = caseableFindings(inspection);
  const others = inspection.officers.filter((o) => o.id !== userId);
  const me = inspection.officers.find((o) => o.id === userId);
  const [confirming, setConfirming] = useState<OpenValues | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<(FormError & { code: string }) | null>(null);
  const coHandlerId = Form.useWatch('coHandlerId', form) as string | undefined;
  const co = others.find((o) => o.id === coHandlerId);
  const deadline = Form.useWatch('rectificationDeadline', form) as string | undefined;
  const calendar = useWorkingDayCalendar(deadlineYears(today, deadline));
  const calendarNote = deadlineCalendarNote(calendar, deadline, today);

  // Once the holiday calendar is in, the proposed deadline moves off a loaded holiday (unless edited).
  useEffect(() => {
    if (!form.isFieldTouched('rectificationDeadline')) {
      form.setFieldValue('rectificationDeadline', defaultRectificationDeadline(today, 14, calendar));
    }
  }, [form, today, calendar]);

  const send = async (values: OpenValues) => {
    setSubmitting(true);
    setFormError(null);
    try {
      const opened = await openCase({
        inspectionId: inspection.id,
        findingSeqs: values.findingSeqs,
        rectificationDeadline: values.rectificationDeadline,
        ...(values.coHandlerId ? { coHandlerId: values.coHandlerId } : {}),
        ...(values.cause?.trim() ? { cause: values.cause.trim() } : {}),
        officers: [
          { name: me?.displayName ?? '', certificateNo: values.myCertificate.trim() },
          { name: co?.displayName ?? '', certificateNo: values.coCertificate.trim() },
        ],
        legalBasis: values.legalBasis.trim(),
        appeal: {
          government: values.appeal.government.trim(),
          agency: values.appeal.agency.trim(),
          court: values.appeal.court.trim(),
        },
      });
      navigate(casePath(opened.id));
    } catch (error) {
      setConfirming(null);
      setSubmitting(false);
      const described = describeError(error);
      const extra: string[] = [];
      for (const f of described.fields) {
        const top = f.path[0];
        if (
          f.path.length === 1 &&
          (top === 'rectificationDeadline' || top === 'legalBasis' || top === 'cause')
        ) {
          form.setFields([{ name: top, errors: [f.message] }]);
        } else extra.push(f.path.length > 0 ? `${f.path.join('.')}: ${f.message}` : f.message);
      }
      setFormError({ code: described.code, message: described.message, extra });
    }
  };

  const required = { required: true, message: t('form.required') };
  return (
    <IssuingModal
      testId="case-open"
      title={t('case.open.title')}
      confirmation={
        confirming
          ? t('case.open.confirm', {
              count: confirming.findingSeqs.length,
              deadline: confirming.rectificationDeadline,
            })
          : null
      }
      submitting={submitting}
      submitLabel={t('case.confirm.next')}
      error={formError}
      onSubmit={() => form.submit()}
      onBack={() => setConfirming(null)}
      onConfirm={() => confirming && void send(confirming)}
      onClose={onClose}
    >
      {findings.length < inspection.findings.length && (
        <Alert type="info" showIcon title={t('case.open.withoutProvision')} style={{ marginBottom: 12 }} />
      )}
      <Form<OpenValues>
        form={form}
        layout="vertical"
        initialValues={{
          findingSeqs: findings.map((f) => f.seq),
          rectificationDeadline: defaultRectificationDeadline(today),
          coHandlerId: defaultCoHandler(inspection, userId),
        }}
        onFinish={(values) => setConfirming(values)}
        onValuesChange={() => formError && setFormError(null)}
        data-testid="case-open-form"
      >
        <Form.Item
          name="findingSeqs"
          label={t('case.open.findings')}
          rules={[{ required: true, type: 'array', min: 1, message: t('case.open.findingsRequired') }]}
        >
          <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
            {findings.map((f) => (
              <Checkbox key={f.seq} value={f.seq} data-testid={`case-open-finding-${f.seq}`}>
                {t('case.violationN', { n: f.seq })}：{f.description}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="rectificationDeadline"
              label={t('case.open.deadline')}
              extra={
                <span data-testid="case-open-deadline-calendar" data-calendar={calendarNote.key}>
                  {t('case.open.deadlineHint')} {t(calendarNote.key, calendarNote.params)}
                </span>
              }
              rules={[
                required,
                {
                  validator: async (_, value) => {
                    const problem = rectificationDeadlineError(String(value ?? ''), today, calendar);
                    if (problem) throw new Error(t(problem.key, problem.params));
                  },
                },
              ]}
            >
              <Input type="date" min={today} data-testid="case-open-deadline" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="coHandlerId" label={t('case.open.coHandler')} rules={[required]}>
              <Select
                data-testid="case-open-co-handler"
                options={others.map((o) => ({ value: o.id, label: o.displayName }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="cause" label={t('case.open.cause')} extra={t('case.open.causeHint')}>
          <Input maxLength={200} data-testid="case-open-cause" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="myCertificate"
              label={t('case.open.certificate', { name: me?.displayName ?? '' })}
              rules={[required]}
            >
              <Input maxLength={DOCUMENT_LIMITS.certificateNo} data-testid="case-open-cert-0" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="coCertificate"
              label={t('case.open.certificate', { name: co?.displayName ?? '' })}
              rules={[required]}
            >
              <Input maxLength={DOCUMENT_LIMITS.certificateNo} data-testid="case-open-cert-1" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="legalBasis"
          label={t('case.open.legalBasis')}
          extra={t('case.open.legalBasisHint')}
          rules={[required]}
        >
          <Input.TextArea
            maxLength={DOCUMENT_LIMITS.legalBasis}
            autoSize={{ minRows: 2 }}
            data-testid="case-open-legal-basis"
          />
        </Form.Item>
        <Typography.Text type="secondary">{t('case.open.appeal')}</Typography.Text>
        <Row gutter={12}>
          {(['government', 'agency', 'court'] as const).map((k) => (
            <Col xs={24} sm={8} key={k}>
              <Form.Item name={['appeal', k]} label={t(`case.field.appeal.${k}`)} rules={[required]}>
                <Input maxLength={DOCUMENT_LIMITS.venue} data-testid={`case-open-appeal-${k}`} />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </IssuingModal>
  );
}
