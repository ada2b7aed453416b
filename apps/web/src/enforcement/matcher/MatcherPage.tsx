import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button, Card, Col, Empty, Form, Input, Row, Select, Space, Typography } from 'antd';
import { BookOutlined, ClearOutlined, FileDoneOutlined, SearchOutlined } from '@ant-design/icons';
import type { MatchFindingResult } from '@safegrid/contracts';
import { isAbortError } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession } from '../../identity/SessionProvider';
import { DOCUMENT_NEW_PATH } from '../documents/documentsApi';
import { handoffFromMatcher, handoffState } from '../documents/documentModel';
import { matchFinding } from '../regulationsApi';
import {
  FINDING_MAX_LENGTH,
  MATCHER_STORAGE_KEY,
  buildMatchRequest,
  findingState,
  restoreMatcherMemory,
  type MajorHazardField,
  type MatcherMemory,
} from '../regulations/matcherModel';
import { MAJOR_HAZARD_FIELDS } from '../regulations/regulationModel';
import { REGULATIONS_PATH, refPath } from '../regulations/refModel';
import { MatchCard } from './MatchCard';
import '../regulations/enforcement.css';

function loadMemory(): MatcherMemory | null {
  try {
    return restoreMatcherMemory(window.sessionStorage.getItem(MATCHER_STORAGE_KEY));
  } catch {
    return null;
  }
}

function saveMemory(memory: MatcherMemory): void {
  try {
    window.sessionStorage.setItem(MATCHER_STORAGE_KEY, JSON.stringify(memory));
  } catch {
    // Not kept: the results simply are not there after going back.
  }
}

/**
 * "Type a finding" (`/enforcement/matcher`): an inspection finding in the officer's words →
 * ranked provisions it may breach, with the penalty basis and a citation for the record. The
 * last search is kept for the tab, so reading an article and coming back keeps the results.
 */
export default function MatcherPage() {
  const { t } = useI18n();
  useDocumentTitle(t('nav.matcher'));
  const [initial] = useState(loadMemory);
  const [finding, setFinding] = useState(initial?.finding ?? '');
  const [fields, setFields] = useState<MajorHazardField[]>(initial?.fields ?? []);
  const [result, setResult] = useState<MatchFindingResult | null>(initial?.result ?? null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const controller = useRef<AbortController | null>(null);
  const state = findingState(finding);
  const navigate = useNavigate();
  const { can } = useSession();
  const handoff = can('document.issue') ? handoffFromMatcher(finding, result) : null;

  useEffect(() => () => controller.current?.abort(), []);
  useEffect(() => saveMemory({ finding, fields, result }), [finding, fields, result]);

  const submit = async () => {
    if (!state.canSubmit) return;
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setLoading(true);
    setError(null);
    try {
      const answer = await matchFinding(buildMatchRequest(finding, fields), current.signal);
      setResult(answer);
    } catch (e) {
      if (isAbortError(e)) return;
      setError(e);
      setResult(null);
    } finally {
      if (controller.current === current) setLoading(false);
    }
  };

  const clear = () => {
    controller.current?.abort();
    setLoading(false);
    setFinding('');
    setResult(null);
    setError(null);
  };

  const stale = result !== null && result.finding.trim() !== finding.trim();

  return (
    <div data-testid="matcher-page">
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {t('matcher.title')}
        </Typography.Title>
        <Link to={REGULATIONS_PATH}>
          <Button icon={<BookOutlined />} data-testid="matcher-library-link">
            {t('nav.regulations')}
          </Button>
        </Link>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card size="small">
            <Form
              layout="vertical"
              onFinish={() => void submit()}
              data-testid="finding-form"
              requiredMark={false}
            >
              <Form.Item
                label={t('matcher.finding')}
                htmlFor="finding-input"
                extra={state.blank ? t('matcher.findingHint') : undefined}
              >
                <Input.TextArea
                  id="finding-input"
                  data-testid="finding-input"
                  value={finding}
                  onChange={(e) => setFinding(e.target.value)}
                  maxLength={FINDING_MAX_LENGTH}
                  showCount
                  autoSize={{ minRows: 4, maxRows: 12 }}
                  placeholder={t('matcher.findingPlaceholder')}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                      e.preventDefault();
                      void submit();
                    }
                  }}
                />
              </Form.Item>
              <Form.Item label={t('matcher.fields')} extra={t('matcher.fieldsHint')} htmlFor="finding-fields">
                <Select<MajorHazardField[]>
                  id="finding-fields"
                  data-testid="finding-fields"
                  mode="multiple"
                  allowClear
                  value={fields}
                  onChange={setFields}
                  placeholder={t('matcher.fieldsPlaceholder')}
                  options={MAJOR_HAZARD_FIELDS.map((f) => ({ value: f, label: t(`majorHazardField.${f}`) }))}
                  showSearch={{ optionFilterProp: 'label' }}
                />
              </Form.Item>
              <Space wrap>
                <Button
                  type="primary"
                  htmlType="submit"
                  icon={<SearchOutlined />}
                  loading={loading}
                  disabled={!state.canSubmit}
                  data-testid="finding-submit"
                >
                  {t('matcher.submit')}
                </Button>
                <Button
                  icon={<ClearOutlined />}
                  onClick={clear}
                  disabled={finding === '' && result === null && error === null}
                  data-testid="finding-clear"
                >
                  {t('matcher.clear')}
                </Button>
                {can('document.issue') && (
                  <Button
                    icon={<FileDoneOutlined />}
                    disabled={handoff === null}
                    onClick={() => handoff && navigate(DOCUMENT_NEW_PATH, { state: handoffState(handoff) })}
                    data-testid="matcher-to-document"
                  >
                    {t('matcher.toDocument')}
                  </Button>
                )}
              </Space>
            </Form>
          </Card>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
            {t('matcher.disclaimer')}
          </Typography.Paragraph>
        </Col>
        <Col xs={24} lg={14}>
          {error !== null && <ErrorAlert error={error} onRetry={() => void submit()} />}
          {result && (
            <div data-testid="match-results" data-count={result.provisions.length}>
              {stale && (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 12 }}
                  data-testid="match-stale"
                  title={t('matcher.stale')}
                />
              )}
              {result.majorHazard && (
                <Alert
                  type="error"
                  showIcon
                  style={{ marginBottom: 12 }}
                  data-testid="match-major-hazard-alert"
                  title={t('matcher.majorHazardAlert')}
                  description={
                    <>
                      <Link to={refPath(result.majorHazard.ref)}>{result.majorHazard.label}</Link>
                      <div className="sg-law-snippet">{result.majorHazard.text}</div>
                    </>
                  }
                />
              )}
              {result.provisions.length === 0 ? (
                <Empty description={t('matcher.empty')} data-testid="match-empty" />
              ) : (
                <>
                  <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
                    {t('matcher.results', { count: result.provisions.length })}
                  </Typography.Text>
                  <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                    {result.provisions.map((m) => (
                      <MatchCard key={`${m.rank}-${m.ref}`} match={m} />
                    ))}
                  </Space>
                </>
              )}
            </div>
          )}
        </Col>
      </Row>
    </div>
  );
}
