import { useRef, useState, type HTMLAttributes } from 'react';
import { Alert, App, Button, Card, Input, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { ProfileImportResult } from '@safegrid/contracts';
import { PROFILE_IMPORT_KINDS, PROFILE_IMPORT_LIMITS } from '@safegrid/contracts/values';
import { ApiError, apiFetch } from '../../shell/api';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import {
  exampleRecords,
  importBody,
  IMPORTS_URL,
  KIND_FIELDS,
  parseBatch,
  problemRows,
  recordsWithProblems,
  type ImportKind,
  type RecordProblemRow,
} from './recordsModel';
import '../profile.css';

/** What the last check or import answered, for the text and kind it was made on. */
type Outcome =
  | { state: 'checked' | 'imported'; text: string; kind: ImportKind; result: ProfileImportResult }
  | {
      state: 'refused';
      text: string;
      kind: ImportKind;
      message: string;
      rows: RecordProblemRow[];
      shown: number | null;
    };

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const MB = 1024 * 1024;

/**
 * 导入画像记录 (`/profile/imports`): an officer pastes or uploads a JSON batch of one kind, checks it
 * (a dry run: every problem of every record in a table) and, once it passes unchanged, imports it
 * behind a confirmation. The server decides; this page only reads the JSON and shows its answers.
 */
export default function ProfileImportPage() {
  const { t, describeError } = useI18n();
  useDocumentTitle(t('records.title'));
  const { message, modal } = App.useApp();
  const [kind, setKind] = useState<ImportKind>('accidents');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [kindFromFile, setKindFromFile] = useState(false);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const parsed = text.trim() === '' ? null : parseBatch(text);
  const current = outcome !== null && outcome.text === text && outcome.kind === kind ? outcome : null;
  const mayImport = current?.state === 'checked' && busy === null;

  const changeText = (next: string) => {
    setText(next);
    setKindFromFile(false);
    const read = next.trim() === '' ? null : parseBatch(next);
    // A body naming its kind chooses it.
    if (read?.ok && read.kind) {
      setKind(read.kind);
      setKindFromFile(true);
    }
  };

  const readFile = (file: File | undefined) => {
    if (!file) return;
    setFileError(null);
    if (file.size > PROFILE_IMPORT_LIMITS.bodyBytes) {
      setFileError(t('records.fileTooLarge', { max: PROFILE_IMPORT_LIMITS.bodyBytes / MB }));
      return;
    }
    file.text().then(
      (content) => {
        changeText(content);
        setFileName(file.name);
      },
      () => setFileError(t('records.fileUnreadable')),
    );
  };

  const send = async (dryRun: boolean) => {
    if (!parsed?.ok) return;
    const sentText = text;
    const sentKind = kind;
    setBusy(dryRun ? 'check' : 'import');
    try {
      const result = await apiFetch<ProfileImportResult>(IMPORTS_URL, {
        method: 'POST',
        json: importBody(sentKind, parsed.records, dryRun),
      });
      setOutcome({ state: dryRun ? 'checked' : 'imported', text: sentText, kind: sentKind, result });
      if (!dryRun) {
        message.success(t('records.imported', { count: result.inserted, enterprises: result.enterprises }));
      }
    } catch (error) {
      const described = describeError(error);
      const params = error instanceof ApiError ? error.problem.params : undefined;
      const reported = Number(params?.['reported'] ?? 0);
      const total = Number(params?.['problems'] ?? 0);
      setOutcome({
        state: 'refused',
        text: sentText,
        kind: sentKind,
        message: described.message,
        rows: problemRows(described.fields, parsed.records),
        shown: reported > 0 && reported < total ? reported : null,
      });
    } finally {
      setBusy(null);
    }
  };

  const confirmImport = () => {
    if (current?.state !== 'checked') return;
    modal.confirm({
      title: t('records.confirmTitle'),
      content: t('records.confirmBody', {
        count: current.result.inserted,
        enterprises: current.result.enterprises,
        kind: t(`records.kind.${kind}`),
      }),
      okText: t('records.import'),
      cancelText: t('common.cancel'),
      onOk: () => send(false),
    });
  };

  const columns: TableProps<RecordProblemRow>['columns'] = [
    {
      key: 'record',
      title: t('records.col.record'),
      width: 90,
      render: (_, r) => r.record ?? '—',
    },
    { key: 'creditCode', title: t('records.col.creditCode'), render: (_, r) => r.creditCode ?? '—' },
    {
      key: 'field',
      title: t('records.col.field'),
      render: (_, r) =>
        r.field ? <Typography.Text code>{r.field}</Typography.Text> : t('records.wholeRecord'),
    },
    { key: 'problem', title: t('records.col.problem'), dataIndex: 'message' },
  ];

  return (
    <div data-testid="profile-import-page">
      <Typography.Title level={4} className="sg-page-title">
        {t('records.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('records.explain', { max: PROFILE_IMPORT_LIMITS.records })}
      </Typography.Paragraph>

      <Card size="small">
        <Space wrap style={{ marginBottom: 8 }}>
          <span>{t('records.kind.label')}</span>
          <Select<ImportKind>
            value={kind}
            onChange={(next) => {
              setKind(next);
              setKindFromFile(false);
            }}
            style={{ minWidth: 220 }}
            options={PROFILE_IMPORT_KINDS.map((k) => ({ value: k, label: t(`records.kind.${k}`) }))}
            data-testid="import-kind"
          />
          <Button
            onClick={() => changeText(JSON.stringify(exampleRecords(kind, today()), null, 2))}
            data-testid="import-example"
          >
            {t('records.example')}
          </Button>
          <Button
            icon={<UploadOutlined />}
            onClick={() => fileInput.current?.click()}
            data-testid="import-upload"
          >
            {t('records.upload')}
          </Button>
          {fileName && <Typography.Text type="secondary">{fileName}</Typography.Text>}
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            style={{ display: 'none' }}
            onChange={(ev) => {
              readFile(ev.target.files?.[0]);
              ev.target.value = '';
            }}
          />
        </Space>
        <div style={{ marginBottom: 8 }} data-testid="import-fields">
          <Typography.Text type="secondary">{t('records.fields')}: </Typography.Text>
          {KIND_FIELDS[kind].map((f) => (
            <Tag key={f.name} color={f.required ? 'blue' : undefined}>
              {f.name}
              {f.required ? '' : ` (${t('records.optional')})`}
            </Tag>
          ))}
        </div>
        {fileError && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 8 }}
            title={fileError}
            data-testid="import-file-error"
          />
        )}
        <Input.TextArea
          value={text}
          onChange={(ev) => changeText(ev.target.value)}
          autoSize={{ minRows: 10, maxRows: 24 }}
          spellCheck={false}
          className="sg-profile-json"
          placeholder={t('records.pastePlaceholder')}
          data-testid="import-json"
        />
        <div style={{ marginTop: 8 }}>
          {parsed && !parsed.ok && (
            <Alert
              type="warning"
              showIcon
              data-testid="import-json-invalid"
              title={t(parsed.error, { max: PROFILE_IMPORT_LIMITS.records })}
              description={parsed.detail}
            />
          )}
          {parsed?.ok && (
            <Typography.Text type="secondary" data-testid="import-json-ok" data-count={parsed.records.length}>
              {t('records.parsed', { count: parsed.records.length })}
              {kindFromFile && ` · ${t('records.kindFromFile', { kind: t(`records.kind.${kind}`) })}`}
            </Typography.Text>
          )}
        </div>
        <Space style={{ marginTop: 12 }}>
          <Button
            onClick={() => void send(true)}
            loading={busy === 'check'}
            disabled={!parsed?.ok || busy !== null}
            data-testid="import-check"
          >
            {t('records.check')}
          </Button>
          <Tooltip title={mayImport ? undefined : t('records.checkFirst')}>
            <Button
              type="primary"
              onClick={confirmImport}
              loading={busy === 'import'}
              disabled={!mayImport}
              data-testid="import-submit"
            >
              {t('records.import')}
            </Button>
          </Tooltip>
        </Space>
      </Card>

      {current?.state === 'checked' && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 16 }}
          data-testid="import-checked"
          title={t('records.checked', {
            count: current.result.inserted,
            enterprises: current.result.enterprises,
          })}
        />
      )}
      {current?.state === 'imported' && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 16 }}
          data-testid="import-done"
          title={t('records.imported', {
            count: current.result.inserted,
            enterprises: current.result.enterprises,
          })}
        />
      )}
      {current?.state === 'refused' && (
        <div style={{ marginTop: 16 }} data-testid="import-refused">
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 8 }}
            title={current.message}
            description={current.shown !== null ? t('records.shownOf', { shown: current.shown }) : undefined}
            data-count={recordsWithProblems(current.rows)}
          />
          {current.rows.length > 0 && (
            <Table<RecordProblemRow>
              size="small"
              rowKey="key"
              dataSource={current.rows}
              columns={columns}
              pagination={current.rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
              scroll={{ x: 'max-content' }}
              data-testid="import-problems"
              onRow={(r) =>
                ({
                  'data-testid': 'import-problem',
                  'data-record': r.record ?? '',
                }) as HTMLAttributes<HTMLElement>
              }
            />
          )}
        </div>
      )}
    </div>
  );
}
