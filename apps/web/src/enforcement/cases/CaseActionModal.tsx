import { useMemo, useState, type ReactNode } from 'react';
import { Alert, Col, Form, Input, Radio, Row, Select, Typography } from 'antd';
import type { EnforcementCase, EnforcementCaseAction } from '@safegrid/contracts';
import {
  CASE_APPROVAL_DECISIONS,
  CASE_LIMITS,
  CASE_SERVICE_METHODS,
  CASE_STATEMENT_KINDS,
  DOCUMENT_LIMITS,
} from '@safegrid/contracts/values';
import { ApiError } from '../../shell/api';
import type { FormError } from '../../shell/FormErrorAlert';
import { IssuingModal } from './IssuingModal';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { runCaseAction } from './casesApi';
import {
  chinaToday,
  factDateError,
  fineDraftErrors,
  initialFineDrafts,
  isStaleCase,
  issuesDocument,
  reviewKindOf,
  toViolationFines,
  type FineDraft,
} from './caseModel';
import { FineEditor } from './FineEditor';

type Values = Record<string, unknown>;

/**
 * One action on a case: its form, then — for an action that issues a numbered document — a
 * confirmation, then the POST. Mounted while open. `detail` is the whole case (the approval
 * inbox has only the id and version, enough for a review).
 */
export function CaseActionModal({
  action,
  caseId,
  version,
  detail,
  onClose,
  onDone,
  onStale,
}: {
  action: EnforcementCaseAction;
  caseId: string;
  version: number;
  detail: EnforcementCase | null;
  onClose(): void;
  onDone(updated: EnforcementCase): void;
  /** The case changed meanwhile: the caller reloads it. */
  onStale(): void;
}) {
  const { t, describeError } = useI18n();
  const [form] = Form.useForm<Values>();
  const today = chinaToday(new Date());
  const [fines, setFines] = useState<FineDraft[]>(() => (detail ? initialFineDrafts(detail.violations) : []));
  const [finesTouched, setFinesTouched] = useState(false);
  const [confirming, setConfirming] = useState<Values | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<(FormError & { code: string }) | null>(null);
  const withFines = action === 'issue_penalty_notice' || action === 'submit_decision';
  const reviewKind = reviewKindOf(action);
  const initialValues = useMemo(() => initialValuesFor(action, detail, today), [action, detail, today]);

  const body = (values: Values): unknown => {
    const base = { version };
    switch (action) {
      case 'record_reinspection':
        return {
          ...base,
          date: values.date,
          opinion: values.opinion,
          items: (detail?.violations ?? []).map((v) => ({
            seq: v.seq,
            rectified: values[`rectified-${v.seq}`] === 'yes',
          })),
        };
      case 'review_filing':
      case 'review_decision':
        return { ...base, kind: reviewKind, decision: values.decision, opinion: values.opinion };
      case 'issue_penalty_notice':
      case 'submit_decision':
        return { ...base, ...trimmed(values), violations: toViolationFines(fines) };
      case 'record_payment':
        return { ...base, paidOn: values.paidOn, amountYuan: Number(values.amountYuan) };
      default:
        return { ...base, ...trimmed(values) };
    }
  };

  const send = async (values: Values) => {
    setSubmitting(true);
    setFormError(null);
    try {
      onDone(await runCaseAction(caseId, action, body(values)));
    } catch (error) {
      setConfirming(null);
      const described = describeError(error);
      const extra: string[] = [];
      for (const f of described.fields) {
        const name =
          f.path.length === 1 ? f.path[0]! : f.path.length === 2 && f.path[0] === 'appeal' ? f.path : null;
        if (name !== null && form.getFieldInstance(name as never) !== undefined) {
          form.setFields([{ name: name as never, errors: [f.message] }]);
        } else {
          extra.push(f.path.length > 0 ? `${f.path.join('.')}: ${f.message}` : f.message);
        }
      }
      setFormError({ code: described.code, message: described.message, extra });
      if (error instanceof ApiError && isStaleCase(error.code)) onStale();
    } finally {
      setSubmitting(false);
    }
  };

  const onFinish = (values: Values) => {
    if (withFines) {
      setFinesTouched(true);
      if (fines.length === 0 || fineDraftErrors(fines, detail?.violations ?? []).size > 0) return;
    }
    if (issuesDocument(action) && !(reviewKind && values.decision !== 'approve')) setConfirming(values);
    else void send(values);
  };

  const required = { required: true, message: t('form.required') };
  const dateRule = (notBefore?: string | null) => ({
    validator: async (_: unknown, value: unknown) => {
      const problem = factDateError(String(value ?? ''), today, notBefore);
      if (problem) throw new Error(t(problem.key, problem.params));
    },
  });
  const text = (
    name: string,
    label: string,
    max: number,
    opts: { multiline?: boolean; optional?: boolean } = {},
  ) => (
    <Form.Item name={name} label={label} rules={opts.optional ? [] : [required]}>
      {opts.multiline ? (
        <Input.TextArea
          maxLength={max}
          autoSize={{ minRows: 2, maxRows: 8 }}
          data-testid={`case-field-${name}`}
        />
      ) : (
        <Input maxLength={max} data-testid={`case-field-${name}`} />
      )}
    </Form.Item>
  );
  const date = (name: string, label: string, notBefore?: string | null) => (
    <Form.Item name={name} label={label} rules={[required, dateRule(notBefore)]}>
      <Input type="date" max={today} data-testid={`case-field-${name}`} />
    </Form.Item>
  );
  const party = (
    <Row gutter={12}>
      <Col xs={24} sm={12}>
        {text('legalRepresentative', t('case.field.legalRepresentative'), DOCUMENT_LIMITS.name)}
      </Col>
      {action === 'submit_decision' && (
        <Col xs={24} sm={12}>
          {text('position', t('case.field.position'), DOCUMENT_LIMITS.name)}
        </Col>
      )}
      <Col xs={24} sm={12}>
        {text('phone', t('case.field.phone'), DOCUMENT_LIMITS.name)}
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item
          name="postcode"
          label={t('case.field.postcode')}
          rules={[required, { pattern: /^[0-9]{6}$/, message: t('case.field.postcodeInvalid') }]}
        >
          <Input inputMode="numeric" maxLength={6} data-testid="case-field-postcode" />
        </Form.Item>
      </Col>
    </Row>
  );

  let fields: ReactNode;
  switch (action) {
    case 'record_reinspection':
      fields = (
        <>
          {date('date', t('case.field.reinspectionDate'), detail?.rectificationDeadline)}
          {(detail?.violations ?? []).map((v) => (
            <Form.Item
              key={v.seq}
              name={`rectified-${v.seq}`}
              label={`${t('case.violationN', { n: v.seq })}：${v.finding}`}
              rules={[required]}
            >
              <Radio.Group data-testid={`case-reinspection-${v.seq}`}>
                <Radio value="yes" data-testid={`case-reinspection-${v.seq}-yes`}>
                  {t('case.rectified.yes')}
                </Radio>
                <Radio value="no" data-testid={`case-reinspection-${v.seq}-no`}>
                  {t('case.rectified.no')}
                </Radio>
              </Radio.Group>
            </Form.Item>
          ))}
          {text('opinion', t('case.field.reinspectionOpinion'), DOCUMENT_LIMITS.opinion, { multiline: true })}
        </>
      );
      break;
    case 'submit_filing':
      fields = (
        <>
          {text('reason', t('case.field.filingReason'), DOCUMENT_LIMITS.opinion, { multiline: true })}
          {text('caseName', t('case.field.caseName'), DOCUMENT_LIMITS.provisionLabel, { optional: true })}
          {text('summary', t('case.field.summary'), DOCUMENT_LIMITS.inspectionFindings, {
            multiline: true,
            optional: true,
          })}
          {party}
        </>
      );
      break;
    case 'review_filing':
    case 'review_decision':
      fields = (
        <>
          <Form.Item name="decision" label={t('case.field.decision')} rules={[required]}>
            <Radio.Group data-testid="case-review-decision">
              {CASE_APPROVAL_DECISIONS.map((d) => (
                <Radio key={d} value={d} data-testid={`case-review-${d}`}>
                  {t(`case.review.${d}`)}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          {text('opinion', t('case.field.opinion'), CASE_LIMITS.opinion, { multiline: true })}
        </>
      );
      break;
    case 'issue_penalty_notice':
    case 'submit_decision':
      fields = (
        <>
          <FineEditor
            caseId={caseId}
            violations={detail?.violations ?? []}
            drafts={fines}
            onChange={setFines}
            showErrors={finesTouched}
          />
          {action === 'issue_penalty_notice' ? (
            <>
              {text('facts', t('case.field.facts'), DOCUMENT_LIMITS.opinion, { multiline: true })}
              {text('evidence', t('case.field.evidence'), DOCUMENT_LIMITS.opinion, { multiline: true })}
              {text('address', t('case.field.bureauAddress'), DOCUMENT_LIMITS.place)}
              <Row gutter={12}>
                <Col xs={24} sm={8}>
                  {text('contact', t('case.field.contact'), DOCUMENT_LIMITS.name)}
                </Col>
                <Col xs={24} sm={8}>
                  {text('phone', t('case.field.bureauPhone'), DOCUMENT_LIMITS.name)}
                </Col>
                <Col xs={24} sm={8}>
                  <Form.Item
                    name="postcode"
                    label={t('case.field.bureauPostcode')}
                    rules={[required, { pattern: /^[0-9]{6}$/, message: t('case.field.postcodeInvalid') }]}
                  >
                    <Input inputMode="numeric" maxLength={6} data-testid="case-field-postcode" />
                  </Form.Item>
                </Col>
              </Row>
            </>
          ) : (
            <>
              {party}
              {text(
                'factsAndEvidence',
                t('case.field.factsAndEvidence'),
                DOCUMENT_LIMITS.inspectionFindings,
                {
                  multiline: true,
                },
              )}
              {text('payTo', t('case.field.payTo'), DOCUMENT_LIMITS.place)}
              {text('account', t('case.field.account'), 40)}
              <Row gutter={12}>
                {(['government', 'agency', 'court'] as const).map((k) => (
                  <Col xs={24} sm={8} key={k}>
                    <Form.Item name={['appeal', k]} label={t(`case.field.appeal.${k}`)} rules={[required]}>
                      <Input maxLength={DOCUMENT_LIMITS.venue} data-testid={`case-field-appeal-${k}`} />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            </>
          )}
        </>
      );
      break;
    case 'record_statement':
      fields = (
        <>
          <Form.Item name="kind" label={t('case.field.statementKind')} rules={[required]}>
            <Radio.Group data-testid="case-statement-kind">
              {CASE_STATEMENT_KINDS.map((k) => (
                <Radio key={k} value={k} data-testid={`case-statement-${k}`}>
                  {t(`case.statement.${k}`)}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          {date('receivedOn', t('case.field.receivedOn'), detail?.notifiedOn)}
          {text('summary', t('case.field.statementSummary'), CASE_LIMITS.note, { multiline: true })}
        </>
      );
      break;
    case 'record_hearing':
      fields = (
        <>
          {date('heldOn', t('case.field.heldOn'), detail?.notifiedOn)}
          {text('summary', t('case.field.hearingSummary'), CASE_LIMITS.note, { multiline: true })}
        </>
      );
      break;
    case 'record_service':
      fields = (
        <>
          {date('servedOn', t('case.field.servedOn'), detail?.decidedOn)}
          <Form.Item name="method" label={t('case.field.serviceMethod')} rules={[required]}>
            <Select
              data-testid="case-field-method"
              options={CASE_SERVICE_METHODS.map((m) => ({ value: m, label: t(`case.service.${m}`) }))}
            />
          </Form.Item>
          {text('recipient', t('case.field.recipient'), DOCUMENT_LIMITS.name)}
          {text('place', t('case.field.servicePlace'), DOCUMENT_LIMITS.place)}
          {text('remarks', t('case.field.remarks'), 500, { multiline: true, optional: true })}
        </>
      );
      break;
    case 'record_payment':
      fields = (
        <>
          {detail?.payment && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('case.payment.due', {
                amount: detail.payment.amountDueYuan,
                fine: detail.payment.fineYuan,
                surcharge: detail.payment.surchargeYuan,
              })}
            />
          )}
          {date('paidOn', t('case.field.paidOn'), detail?.servedOn)}
          <Form.Item
            name="amountYuan"
            label={t('case.field.amount')}
            rules={[
              required,
              { pattern: /^(0|[1-9][0-9]{0,11})(\.[0-9]{1,2})?$/, message: t('case.fine.invalid') },
            ]}
          >
            <Input inputMode="decimal" suffix={t('case.yuan')} data-testid="case-field-amountYuan" />
          </Form.Item>
        </>
      );
      break;
    case 'start_enforcement':
      fields = text('note', t('case.field.enforcementNote'), CASE_LIMITS.note, { multiline: true });
      break;
    case 'close':
      fields = text('note', t('case.field.closeNote'), CASE_LIMITS.note, { multiline: true, optional: true });
      break;
  }

  return (
    <IssuingModal
      testId="case-action"
      action={action}
      title={t(`case.action.${action}`)}
      confirmation={confirming ? t(`case.confirm.${action}` as 'case.confirm.record_reinspection') : null}
      submitting={submitting}
      submitLabel={t(issuesDocument(action) ? 'case.confirm.next' : 'case.confirm.submit')}
      error={formError}
      onSubmit={() => {
        // The fines are outside the antd form: show their problems with the fields'.
        setFinesTouched(true);
        form.submit();
      }}
      onBack={() => setConfirming(null)}
      onConfirm={() => confirming && void send(confirming)}
      onClose={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={onFinish}
        onValuesChange={() => formError && setFormError(null)}
        data-testid="case-action-form"
      >
        {fields}
      </Form>
      {issuesDocument(action) && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
          {t('case.confirm.hint')}
        </Typography.Paragraph>
      )}
    </IssuingModal>
  );
}

/** Strings trimmed; empty optional strings left out (the server refuses blank text). */
function trimmed(values: Values): Values {
  const out: Values = {};
  for (const [key, value] of Object.entries(values)) {
    if (typeof value === 'string') {
      const v = value.trim();
      if (v !== '') out[key] = v;
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = trimmed(value as Values);
    } else if (value !== undefined && value !== null) {
      out[key] = value;
    }
  }
  return out;
}

function initialValuesFor(
  action: EnforcementCaseAction,
  detail: EnforcementCase | null,
  today: string,
): Values {
  switch (action) {
    case 'record_reinspection':
      return { date: today };
    case 'record_statement':
      return { receivedOn: today };
    case 'record_hearing':
      return { heldOn: today };
    case 'record_service':
      return { servedOn: today, method: 'direct' };
    case 'record_payment':
      return {
        paidOn: today,
        amountYuan: detail?.payment ? String(detail.payment.amountDueYuan) : undefined,
      };
    default:
      return {};
  }
}
