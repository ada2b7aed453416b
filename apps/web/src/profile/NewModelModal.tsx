import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Input, Modal, Space, Typography } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { GradingModelSummary } from '@safegrid/contracts';
import { ApiError, apiFetch } from '../shell/api';
import { useI18n } from '../shell/i18n/I18nProvider';
import { MODELS_URL, modelProblems, parseModelJson, problemHeadline } from './profileModel';

interface Props {
  open: boolean;
  /** A document to start from (a stored version to edit into a new one). */
  initialText?: string;
  onClose(): void;
  onCreated(summary: GradingModelSummary): void;
}

/** The largest document the page reads from a file (the default model is about 21 kB). */
const FILE_LIMIT_BYTES = 2_000_000;

interface Refusal {
  message: string;
  problems: string[];
}

/**
 * 新建模型版本: paste or upload a grading-model document (JSON) and save it as a draft
 * (POST /api/profile/grading-models). The JSON is parsed here; the server validates the model
 * and every problem it lists is shown.
 */
export function NewModelModal({ open, initialText = '', onClose, onCreated }: Props) {
  const { t, describeError } = useI18n();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (open) {
      setText(initialText);
      setFileName(null);
      setRefusal(null);
    }
  }, [open, initialText]);

  const parsed = text.trim() === '' ? null : parseModelJson(text);

  const readFile = (file: File | undefined) => {
    if (!file) return;
    setRefusal(null);
    if (file.size > FILE_LIMIT_BYTES) {
      setRefusal({ message: t('profile.models.fileTooLarge'), problems: [] });
      return;
    }
    file.text().then(
      (content) => {
        setText(content);
        setFileName(file.name);
      },
      () => setRefusal({ message: t('profile.models.fileUnreadable'), problems: [] }),
    );
  };

  const submit = async () => {
    const result = parseModelJson(text);
    if (!result.ok) {
      setRefusal({ message: t(result.error), problems: result.detail ? [result.detail] : [] });
      return;
    }
    setSubmitting(true);
    setRefusal(null);
    try {
      const created = await apiFetch<GradingModelSummary>(MODELS_URL, {
        method: 'POST',
        json: { model: result.model },
      });
      message.success(t('profile.models.created', { version: created.version }));
      onCreated(created);
    } catch (error) {
      const described = describeError(error);
      const problem = error instanceof ApiError ? error.problem : null;
      const problems = problem ? modelProblems(problem, described.fields) : [];
      setRefusal({
        // The model's own problems are listed below; the headline only counts them.
        message:
          described.code === 'grading.model_invalid' && problems.length > 0
            ? t('profile.models.refused', { count: problems.length })
            : problemHeadline(described.message, problem?.detail),
        problems,
      });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('profile.models.newTitle')}
      onCancel={onClose}
      destroyOnHidden
      width={820}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="submit"
          type="primary"
          loading={submitting}
          disabled={!parsed?.ok}
          onClick={() => void submit()}
          data-testid="model-submit"
        >
          {t('profile.models.saveDraft')}
        </Button>,
      ]}
    >
      <div data-testid="model-form">
        <Typography.Paragraph type="secondary">{t('profile.models.newIntro')}</Typography.Paragraph>
        <Space style={{ marginBottom: 8 }} wrap>
          <Button
            icon={<UploadOutlined />}
            onClick={() => fileInput.current?.click()}
            data-testid="model-upload"
          >
            {t('profile.models.upload')}
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
        <Input.TextArea
          value={text}
          onChange={(ev) => {
            setText(ev.target.value);
            setRefusal(null);
          }}
          autoSize={{ minRows: 12, maxRows: 24 }}
          spellCheck={false}
          className="sg-profile-json"
          placeholder={t('profile.models.pastePlaceholder')}
          data-testid="model-json"
        />
        <div style={{ marginTop: 8 }}>
          {parsed && !parsed.ok && (
            <Alert
              type="warning"
              showIcon
              data-testid="model-json-invalid"
              title={t(parsed.error)}
              description={parsed.detail}
            />
          )}
          {parsed?.ok && (
            <Typography.Text type="secondary" data-testid="model-json-ok">
              {parsed.version
                ? t('profile.models.parsedVersion', { version: parsed.version })
                : t('profile.models.parsedNoVersion')}
            </Typography.Text>
          )}
        </div>
        {refusal && (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 12 }}
            data-testid="model-problems"
            data-count={refusal.problems.length}
            title={refusal.message}
            description={
              refusal.problems.length > 0 ? (
                <ul className="sg-error-list">
                  {refusal.problems.map((problem, i) => (
                    <li key={i} data-testid="model-problem">
                      {problem}
                    </li>
                  ))}
                </ul>
              ) : undefined
            }
          />
        )}
      </div>
    </Modal>
  );
}
