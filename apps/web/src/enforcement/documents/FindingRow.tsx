import { useEffect, useRef, useState } from 'react';
import { Button, Card, Form, Input, Space, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { DeleteOutlined, SearchOutlined, WarningFilled } from '@ant-design/icons';
import type { ProvisionMatch } from '@safegrid/contracts';
import { isAbortError } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useSession } from '../../identity/SessionProvider';
import { matchFinding } from '../regulationsApi';
import { buildMatchRequest, findingState } from '../regulations/matcherModel';
import {
  DOCUMENT_LIMITS,
  provisionFromSuggestion,
  shortText,
  type DocumentFormValues,
} from './documentModel';

/**
 * "匹配条款": asks the clause matcher about a finding (`POST /api/regulations/match`, the previous
 * request aborted); the enterprise's industry ranks the 令第10号 items of its own industry first.
 * Shared by the document's finding rows and the inspection's finding form.
 */
export function useProvisionMatch(description: string | undefined, enterpriseId: string | undefined) {
  const [suggestions, setSuggestions] = useState<ProvisionMatch[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const state = findingState(description ?? '');

  useEffect(() => () => controller.current?.abort(), []);

  const match = async () => {
    if (!state.canSubmit) return;
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setLoading(true);
    setError(null);
    try {
      const result = await matchFinding(
        buildMatchRequest(description ?? '', [], enterpriseId),
        current.signal,
      );
      setSuggestions(result.provisions);
    } catch (e) {
      if (isAbortError(e)) return;
      setError(e);
      setSuggestions(null);
    } finally {
      if (controller.current === current) setLoading(false);
    }
  };

  return { suggestions, setSuggestions, error, loading, canMatch: state.canSubmit, match };
}

/**
 * One 存在的问题 row: the problem found and the provision it violates; "匹配条款" asks the clause
 * matcher about the row's description and lets the officer pick a suggestion, which fills the
 * provision (the obligations violated).
 */
export function FindingRow({
  form,
  name,
  index,
  removable,
  onRemove,
}: {
  form: FormInstance<DocumentFormValues>;
  /** The row's name in the Form.List. */
  name: number;
  /** Its position (1-based in the labels). */
  index: number;
  removable: boolean;
  onRemove(): void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const description = Form.useWatch(['findings', name, 'description'], form) as string | undefined;
  // The enterprise's industry ranks the 令第10号 items of its own industry first.
  const enterpriseId = Form.useWatch('enterpriseId', form) as string | undefined;
  const { suggestions, setSuggestions, error, loading, canMatch, match } = useProvisionMatch(
    description,
    enterpriseId,
  );

  const choose = (m: ProvisionMatch) => {
    form.setFields([
      { name: ['findings', name, 'provision'], value: provisionFromSuggestion(m), errors: [] },
    ]);
    setSuggestions(null);
  };

  const required = { required: true, whitespace: true, message: t('form.required') };
  return (
    <Card
      size="small"
      className="sg-document-finding"
      data-testid="document-finding-row"
      title={t('document.findingN', { n: index + 1 })}
      extra={
        removable ? (
          <Button
            type="text"
            size="small"
            danger
            icon={<DeleteOutlined />}
            onClick={onRemove}
            aria-label={t('document.removeFinding', { n: index + 1 })}
            data-testid="document-remove-finding"
          />
        ) : undefined
      }
    >
      <Form.Item
        name={[name, 'description']}
        label={t('document.findingDescription')}
        rules={[
          required,
          {
            max: DOCUMENT_LIMITS.findingText,
            message: t('document.tooLong', { limit: DOCUMENT_LIMITS.findingText }),
          },
        ]}
      >
        <Input.TextArea
          data-testid="document-finding-description"
          maxLength={DOCUMENT_LIMITS.findingText}
          showCount
          autoSize={{ minRows: 2, maxRows: 8 }}
          placeholder={t('document.findingPlaceholder')}
        />
      </Form.Item>
      <Form.Item label={t('document.findingProvision')} required style={{ marginBottom: 8 }}>
        <div className="sg-document-provision">
          <Form.Item
            name={[name, 'provision']}
            noStyle
            rules={[
              required,
              {
                max: DOCUMENT_LIMITS.provisionLabel,
                message: t('document.tooLong', { limit: DOCUMENT_LIMITS.provisionLabel }),
              },
            ]}
          >
            <Input
              data-testid="document-finding-provision"
              maxLength={DOCUMENT_LIMITS.provisionLabel}
              placeholder={t('document.provisionPlaceholder')}
            />
          </Form.Item>
          {can('regulation.read') && (
            <Button
              icon={<SearchOutlined />}
              onClick={() => void match()}
              loading={loading}
              disabled={!canMatch}
              data-testid="document-finding-match"
            >
              {t('document.match')}
            </Button>
          )}
        </div>
      </Form.Item>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('document.provisionHint')}
      </Typography.Text>
      {error !== null && (
        <div style={{ marginTop: 8 }}>
          <ErrorAlert error={error} onRetry={() => void match()} />
        </div>
      )}
      {suggestions && (
        <div
          className="sg-document-suggestions"
          data-testid="document-suggestions"
          data-count={suggestions.length}
        >
          {suggestions.length === 0 ? (
            <Typography.Text type="secondary">{t('matcher.empty')}</Typography.Text>
          ) : (
            <>
              <div className="sg-document-suggestions-head">
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('document.suggestionsHint')}
                </Typography.Text>
                <Button size="small" type="link" onClick={() => setSuggestions(null)}>
                  {t('document.closeSuggestions')}
                </Button>
              </div>
              <Space orientation="vertical" size={6} style={{ width: '100%' }}>
                {suggestions.map((m) => (
                  <button
                    type="button"
                    key={`${m.rank}-${m.ref}`}
                    className="sg-document-suggestion"
                    data-testid="document-suggestion"
                    data-ref={m.ref}
                    data-major-hazard={String(m.majorHazard !== null)}
                    onClick={() => choose(m)}
                  >
                    <span className="sg-document-suggestion-label">
                      {m.label}
                      {m.majorHazard && (
                        <Tag
                          color="red"
                          variant="solid"
                          icon={<WarningFilled />}
                          style={{ marginInlineStart: 6, marginInlineEnd: 0 }}
                        >
                          {t('matcher.majorHazardTag')}
                        </Tag>
                      )}
                    </span>
                    <span className="sg-document-suggestion-text">{shortText(m.text)}</span>
                    <span className="sg-document-suggestion-fill">
                      {t('document.suggestionFills', { provision: provisionFromSuggestion(m) })}
                    </span>
                  </button>
                ))}
              </Space>
            </>
          )}
        </div>
      )}
    </Card>
  );
}
