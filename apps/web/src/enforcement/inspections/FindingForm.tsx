import { useEffect, useState } from 'react';
import { Button, Card, Checkbox, Form, Input, Space, Tag, Typography } from 'antd';
import { SearchOutlined, WarningFilled } from '@ant-design/icons';
import type { Inspection, ProvisionMatch } from '@safegrid/contracts';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useSession } from '../../identity/SessionProvider';
import { useProvisionMatch } from '../documents/FindingRow';
import { shortText } from '../documents/documentModel';
import { FINDING_MAX_LENGTH } from '../regulations/matcherModel';
import {
  INSPECTION_LIMITS,
  emptyFindingDraft,
  majorHazardOffer,
  toRecordFinding,
  toggleRef,
  type FindingDraft,
} from './inspectionModel';
import { recordFinding } from './inspectionsApi';
import type { FindingPrefill } from './checklistModel';

/**
 * "记录问题": the description, "匹配条款" with the suggestions as checkable provisions, the
 * 令第10号 item to confirm when a checked one meets it, and the on-the-spot measure. Sent with
 * the inspection's version; a failure goes to `onError` (the page reloads on a stale version).
 */
export function FindingForm({
  inspection,
  onRecorded,
  onError,
  prefill = null,
  onPrefillCleared,
}: {
  inspection: Inspection;
  onRecorded(inspection: Inspection): void;
  onError(error: unknown): void;
  /** A failed checklist item to record: its text, provisions and 令第10号 item, to be edited. */
  prefill?: FindingPrefill | null;
  onPrefillCleared?(): void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const [form] = Form.useForm<Pick<FindingDraft, 'description' | 'onTheSpotMeasure'>>();
  const description = Form.useWatch('description', form) as string | undefined;
  const { suggestions, setSuggestions, error, loading, canMatch, match } = useProvisionMatch(
    description,
    inspection.enterprise.id,
  );
  const [checked, setChecked] = useState<string[]>([]);
  const [confirmed, setConfirmed] = useState(false);
  const [saving, setSaving] = useState(false);
  const offer = majorHazardOffer(suggestions, checked);
  const [presetMajor, setPresetMajor] = useState(true);
  useEffect(() => {
    if (!prefill) return;
    form.setFieldsValue({ description: prefill.description });
    setSuggestions(null);
    setChecked([]);
    setConfirmed(false);
    setPresetMajor(true);
  }, [prefill, form, setSuggestions]);

  const submit = async (values: Pick<FindingDraft, 'description' | 'onTheSpotMeasure'>) => {
    const draft: FindingDraft = {
      ...emptyFindingDraft(),
      description: values.description ?? '',
      onTheSpotMeasure: values.onTheSpotMeasure ?? '',
      checked,
      majorHazardConfirmed: confirmed,
      ...(prefill && {
        fromChecklist: {
          itemId: prefill.checklistItemId,
          provisionRefs: prefill.provisionRefs,
          majorHazardRef: presetMajor ? prefill.majorHazardRef : null,
        },
      }),
    };
    setSaving(true);
    try {
      const after = await recordFinding(
        inspection.id,
        toRecordFinding(draft, suggestions, inspection.version),
      );
      form.resetFields();
      setSuggestions(null);
      setChecked([]);
      setConfirmed(false);
      onPrefillCleared?.();
      onRecorded(after);
    } catch (e) {
      onError(e);
    } finally {
      setSaving(false);
    }
  };

  const toggle = (m: ProvisionMatch, on: boolean) => setChecked((refs) => toggleRef(refs, m.ref, on));

  return (
    <Card size="small" title={t('inspection.recordFinding')} className="sg-inspection-card">
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) => void submit(values)}
        data-testid="finding-form"
      >
        <Form.Item
          name="description"
          label={t('inspection.description')}
          rules={[
            { required: true, whitespace: true, message: t('form.required') },
            { max: FINDING_MAX_LENGTH, message: t('inspection.tooLong', { limit: FINDING_MAX_LENGTH }) },
          ]}
        >
          <Input.TextArea
            data-testid="inspection-finding-description"
            maxLength={FINDING_MAX_LENGTH}
            showCount
            autoSize={{ minRows: 2, maxRows: 8 }}
            placeholder={t('inspection.descriptionPlaceholder')}
          />
        </Form.Item>
        {prefill && (
          <div
            className="sg-inspection-prefill"
            data-testid="inspection-finding-prefill"
            data-item={prefill.checklistItemId}
          >
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('inspection.prefillFrom', { count: prefill.provisionRefs.length })}
            </Typography.Text>
            {prefill.majorHazardRef && (
              <Checkbox checked={presetMajor} onChange={(e) => setPresetMajor(e.target.checked)}>
                <strong>{t('inspection.confirmMajorHazard')}</strong>
              </Checkbox>
            )}
            <Button size="small" type="link" onClick={() => onPrefillCleared?.()}>
              {t('inspection.prefillClear')}
            </Button>
          </div>
        )}
        {can('regulation.read') && (
          <Button
            icon={<SearchOutlined />}
            onClick={() => {
              // New suggestions: the ticks were for the previous ones.
              setChecked([]);
              setConfirmed(false);
              void match();
            }}
            loading={loading}
            disabled={!canMatch}
            data-testid="inspection-finding-match"
            style={{ marginBottom: 12 }}
          >
            {t('inspection.match')}
          </Button>
        )}
        {error !== null && (
          <div style={{ marginBottom: 12 }}>
            <ErrorAlert error={error} onRetry={() => void match()} />
          </div>
        )}
        {suggestions && (
          <div
            className="sg-inspection-suggestions"
            data-testid="inspection-suggestions"
            data-count={suggestions.length}
          >
            {suggestions.length === 0 ? (
              <Typography.Text type="secondary">{t('matcher.empty')}</Typography.Text>
            ) : (
              <>
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 6 }}>
                  {t('inspection.suggestionsHint', { max: INSPECTION_LIMITS.provisions })}
                </Typography.Paragraph>
                <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                  {suggestions.map((m) => (
                    <Checkbox
                      key={`${m.rank}-${m.ref}`}
                      className="sg-inspection-suggestion"
                      checked={checked.includes(m.ref)}
                      disabled={!checked.includes(m.ref) && checked.length >= INSPECTION_LIMITS.provisions}
                      onChange={(e) => toggle(m, e.target.checked)}
                      data-testid="inspection-suggestion"
                      data-ref={m.ref}
                      data-major-hazard={String(m.majorHazard !== null)}
                    >
                      <span className="sg-document-suggestion-label">
                        {m.label}
                        {m.majorHazard && (
                          <Tag
                            color="red"
                            variant="solid"
                            icon={<WarningFilled />}
                            style={{ marginInlineStart: 6 }}
                          >
                            {t('matcher.majorHazardTag')}
                          </Tag>
                        )}
                      </span>
                      <span className="sg-document-suggestion-text">{shortText(m.text)}</span>
                    </Checkbox>
                  ))}
                </Space>
              </>
            )}
          </div>
        )}
        {offer && (
          <div className="sg-inspection-major-hazard">
            <Checkbox
              checked={confirmed}
              onChange={(e) => setConfirmed(e.target.checked)}
              data-testid="inspection-major-hazard-confirm"
              data-ref={offer.ref}
            >
              <strong>{t('inspection.confirmMajorHazard')}</strong>
              <div className="sg-document-suggestion-text">
                {t('inspection.confirmMajorHazardHint', { label: offer.label })}
              </div>
            </Checkbox>
          </div>
        )}
        <Form.Item
          name="onTheSpotMeasure"
          label={t('inspection.measureOptional')}
          rules={[
            {
              max: INSPECTION_LIMITS.measure,
              message: t('inspection.tooLong', { limit: INSPECTION_LIMITS.measure }),
            },
          ]}
        >
          <Input.TextArea
            maxLength={INSPECTION_LIMITS.measure}
            autoSize={{ minRows: 1, maxRows: 4 }}
            placeholder={t('inspection.measurePlaceholder')}
            data-testid="inspection-finding-measure"
          />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={saving}
          block
          data-testid="inspection-finding-submit"
        >
          {t('inspection.submitFinding')}
        </Button>
      </Form>
    </Card>
  );
}
