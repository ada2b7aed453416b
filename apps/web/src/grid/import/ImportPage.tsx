import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Progress,
  Result,
  Row,
  Space,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { DownloadOutlined, FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import type { ImportJob } from '@safegrid/contracts';
import { ApiError, apiFetch, apiGet, isAbortError } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { invalidateJurisdictionTree } from '../jurisdiction/useJurisdictionTree';
import {
  hasAcceptedExtension,
  isFinished,
  jobErrorParams,
  POLL_INTERVAL_MS,
  progressPercent,
} from './importModel';

const STATUS_COLORS: Record<ImportJob['status'], string> = {
  validating: 'processing',
  writing: 'processing',
  succeeded: 'success',
  failed: 'error',
};

export default function ImportPage() {
  const { t, formatNumber, formatDateTime, describeError } = useI18n();
  useDocumentTitle(t('nav.import'));
  const { modal } = App.useApp();
  const [file, setFile] = useState<File | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<unknown>(null);
  const [pollError, setPollError] = useState<unknown>(null);
  const [job, setJob] = useState<ImportJob | null>(null);

  const jobId = job?.id;
  const finished = job ? isFinished(job) : true;

  // Poll every 500 ms until the job has finished; a failed poll is retried on the next tick.
  useEffect(() => {
    if (!jobId || finished) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      apiGet<ImportJob>(`/api/imports/${encodeURIComponent(jobId)}`, { signal: controller.signal }).then(
        (next) => {
          setPollError(null);
          setJob(next);
          if (next.status === 'succeeded') invalidateJurisdictionTree();
        },
        (error: unknown) => {
          if (isAbortError(error)) return;
          setPollError(error);
          setJob((current) => (current ? { ...current } : current)); // schedule the next try
        },
      );
    }, POLL_INTERVAL_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [jobId, finished, job]);

  const start = () => {
    if (!file) return;
    modal.confirm({
      title: t('import.confirmTitle'),
      content: t('import.confirmBody', { file: file.name }),
      okText: t('import.start'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'import-confirm-ok' } as Record<string, string>,
      onOk: async () => {
        setUploading(true);
        setUploadError(null);
        setPollError(null);
        setJob(null);
        const body = new FormData();
        body.append('file', file, file.name);
        try {
          const created = await apiFetch<ImportJob>('/api/imports/enterprises', { method: 'POST', body });
          setJob(created);
          setFile(null);
        } catch (error) {
          setUploadError(error);
        } finally {
          setUploading(false);
        }
      },
    });
  };

  const jobError =
    job?.status === 'failed' && job.errorCode
      ? describeError(new ApiError({ code: job.errorCode, params: jobErrorParams(job) })).message
      : null;

  return (
    <div data-testid="import-page">
      <Typography.Title level={4} className="sg-page-title">
        {t('import.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('import.uploadTitle')}>
            <Upload.Dragger
              data-testid="import-upload"
              name="file"
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              multiple={false}
              maxCount={1}
              showUploadList={false}
              disabled={uploading}
              beforeUpload={(picked) => {
                setUploadError(null);
                if (!hasAcceptedExtension(picked.name)) {
                  setFile(null);
                  setUploadError(new ApiError({ code: 'import.unsupported_type', status: 415 }));
                } else {
                  setFile(picked);
                }
                return false; // upload only after confirmation
              }}
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{t('import.dropHint')}</p>
              <p className="ant-upload-hint">{t('import.dropSubHint')}</p>
            </Upload.Dragger>
            <div className="sg-toolbar" style={{ marginTop: 12 }}>
              {file && (
                <Typography.Text data-testid="import-file-name">
                  <FileExcelOutlined /> {file.name} ({formatNumber(Math.ceil(file.size / 1024))} KB)
                </Typography.Text>
              )}
              <span style={{ flex: 1 }} />
              <Button
                type="primary"
                disabled={!file || (job !== null && !finished)}
                loading={uploading}
                onClick={start}
                data-testid="import-start"
              >
                {t('import.start')}
              </Button>
            </div>
            {uploadError !== null && (
              <div style={{ marginTop: 12 }}>
                <ErrorAlert error={uploadError} testId="import-error" />
              </div>
            )}
          </Card>

          {job && (
            <Card
              size="small"
              title={t('import.jobTitle')}
              style={{ marginTop: 16 }}
              data-testid="import-job"
              data-status={job.status}
            >
              <Progress
                data-testid="import-progress"
                percent={progressPercent(job)}
                status={
                  job.status === 'failed' ? 'exception' : job.status === 'succeeded' ? 'success' : 'active'
                }
              />
              <Descriptions
                size="small"
                column={{ xs: 1, sm: 2 }}
                style={{ marginTop: 8 }}
                items={[
                  { key: 'file', label: t('import.fileName'), children: job.fileName },
                  {
                    key: 'status',
                    label: t('import.status'),
                    children: (
                      <Tag color={STATUS_COLORS[job.status]} data-testid="import-status">
                        {t(`importStatus.${job.status}`)}
                      </Tag>
                    ),
                  },
                  {
                    key: 'rows',
                    label: t('import.rows'),
                    children: t('import.rowsValue', {
                      processed: formatNumber(job.processedRows),
                      total: formatNumber(job.totalRows),
                    }),
                  },
                  { key: 'imported', label: t('import.imported'), children: formatNumber(job.importedRows) },
                  { key: 'created', label: t('import.createdAt'), children: formatDateTime(job.createdAt) },
                  {
                    key: 'finished',
                    label: t('import.finishedAt'),
                    children: formatDateTime(job.finishedAt),
                  },
                ]}
              />
              {pollError !== null && <ErrorAlert error={pollError} testId="import-poll-error" />}
              {job.status === 'succeeded' && (
                <Result
                  status="success"
                  data-testid="import-succeeded"
                  title={t('import.succeeded', { count: formatNumber(job.importedRows) })}
                  extra={
                    <Link to="/enterprises">
                      <Button>{t('import.viewEnterprises')}</Button>
                    </Link>
                  }
                />
              )}
              {job.status === 'failed' && (
                <Alert
                  type="error"
                  showIcon
                  data-testid="import-error"
                  data-error-code={job.errorCode ?? ''}
                  title={jobError ?? t('import.failedGeneric')}
                  description={
                    <Space orientation="vertical">
                      <span>{t('import.nothingImported')}</span>
                      {(job.errorCount > 0 || job.errorCode === 'import.rows_invalid') && (
                        <Button
                          href={`/api/imports/${encodeURIComponent(job.id)}/errors.xlsx`}
                          icon={<DownloadOutlined />}
                          data-testid="import-error-report"
                        >
                          {t('import.errorReport', { count: formatNumber(job.errorCount) })}
                        </Button>
                      )}
                    </Space>
                  }
                />
              )}
            </Card>
          )}
        </Col>

        <Col xs={24} lg={10}>
          <Card
            size="small"
            title={t('import.rulesTitle')}
            extra={
              <Button
                href="/api/imports/template.xlsx"
                icon={<DownloadOutlined />}
                size="small"
                data-testid="import-template"
              >
                {t('import.template')}
              </Button>
            }
          >
            <ul className="sg-error-list" data-testid="import-rules">
              <li>{t('import.ruleAllOrNothing')}</li>
              <li>{t('import.ruleFormats')}</li>
              <li>{t('import.ruleLimits')}</li>
              <li>{t('import.ruleColumns')}</li>
              <li>{t('import.ruleCreditCode')}</li>
              <li>{t('import.ruleGrid')}</li>
              <li>{t('import.ruleErrors')}</li>
            </ul>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
