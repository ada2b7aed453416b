import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Spin, Tag, Typography } from 'antd';
import {
  CheckCircleFilled,
  DeleteOutlined,
  FileImageOutlined,
  FilePdfOutlined,
  PaperClipOutlined,
  ReloadOutlined,
} from '@ant-design/icons';
import type { ObjectionEvidence } from '@safegrid/contracts';
import { isAbortError } from '../../shell/api';
import { FormErrorAlert } from '../../shell/FormErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { preparePhoto } from '../../enforcement/inspections/photo';
import { uploadObjectionEvidence } from './objectionsApi';
import {
  addEvidenceFiles,
  declaredType,
  EVIDENCE_ACCEPT,
  EVIDENCE_FILES_MAX,
  EVIDENCE_MAX_MB,
  formatSize,
  nextUpload,
  retryItem,
  updateItem,
  uploadSummary,
  type EvidenceItem,
  type RefusedFile,
  type UploadSummary,
} from './objectionsModel';

type Item = EvidenceItem<File, ObjectionEvidence>;

/** The failure of an image the browser could not decode to compress. */
const UNREADABLE = 'unreadable';

export interface EvidenceQueue {
  items: Item[];
  refused: RefusedFile[];
  summary: UploadSummary;
  /** Evidence already on the server (not in `items`), counted against the limit. */
  stored: number;
  add(files: File[]): void;
  remove(key: string): void;
  retry(key: string): void;
}

/**
 * The evidence files of one objection: chosen at any time, uploaded one by one once the objection
 * exists (`objectionId`), each with its own state; a large photo is compressed on the device
 * first (the hazard photos' `preparePhoto`), a PDF or a small image goes as it is. Unmounting
 * aborts the upload on its way.
 */
export function useEvidenceQueue({
  objectionId,
  stored = 0,
  onUploaded,
}: {
  objectionId: string | null;
  stored?: number;
  onUploaded?(evidence: ObjectionEvidence): void;
}): EvidenceQueue {
  const [state, setState] = useState<{ items: Item[]; refused: RefusedFile[] }>({ items: [], refused: [] });
  const { items, refused } = state;
  const setItems = useCallback(
    (edit: (list: Item[]) => Item[]) => setState((s) => ({ ...s, items: edit(s.items) })),
    [],
  );
  const running = useRef<string | null>(null);
  const controller = useRef<AbortController | null>(null);
  const uploaded = useRef(onUploaded);
  useEffect(() => {
    uploaded.current = onUploaded;
  }, [onUploaded]);
  useEffect(() => () => controller.current?.abort(), []);

  useEffect(() => {
    if (!objectionId || running.current) return;
    const next = nextUpload(items);
    if (!next) return;
    running.current = next.key;
    const current = new AbortController();
    controller.current = current;
    const set = (patch: Partial<Item>) => setItems((list) => updateItem(list, next.key, patch));
    void (async () => {
      try {
        let blob: Blob = next.file;
        let name = next.name;
        if (next.plan === 'compress') {
          set({ status: 'preparing' });
          const photo = await preparePhoto(next.file);
          if (!photo) {
            set({ status: 'failed', error: UNREADABLE });
            return;
          }
          blob = photo.blob;
          name = photo.fileName;
        } else if (!next.file.type) {
          // The browser declared no type: send the one its name says (the server sniffs the bytes).
          blob = new Blob([next.file], { type: declaredType(next.file) });
        }
        set({ status: 'uploading' });
        const evidence = await uploadObjectionEvidence(objectionId, blob, name, current.signal);
        set({ status: 'done', evidence });
        uploaded.current?.(evidence);
      } catch (error) {
        if (isAbortError(error)) return;
        set({ status: 'failed', error });
      } finally {
        if (running.current === next.key) running.current = null;
      }
    })();
  }, [items, objectionId, setItems]);

  const add = useCallback(
    (files: File[]) => {
      // Keys made once, so the (pure) update gives the same list however often React runs it.
      const keys = files.map(() => crypto.randomUUID());
      setState((s) => {
        let n = 0;
        return addEvidenceFiles(s.items, files, stored, () => keys[n++] ?? crypto.randomUUID());
      });
    },
    [stored],
  );
  const remove = useCallback(
    (key: string) => setItems((list) => list.filter((i) => i.key !== key)),
    [setItems],
  );
  const retry = useCallback((key: string) => setItems((list) => retryItem(list, key)), [setItems]);

  return { items, refused, summary: uploadSummary(items), stored, add, remove, retry };
}

function FileIcon({ name, type }: { name: string; type: string }) {
  return declaredType({ name, type }) === 'application/pdf' ? <FilePdfOutlined /> : <FileImageOutlined />;
}

/**
 * The evidence picker and the chosen files with their states. Before the objection exists
 * (`queued`) files wait and can be removed; afterwards each shows its progress and result, and a
 * failed one its localised reason and a retry.
 */
export function EvidenceUploader({
  queue,
  queued,
  disabled = false,
}: {
  queue: EvidenceQueue;
  /** True while the files wait for the objection to be filed. */
  queued: boolean;
  disabled?: boolean;
}) {
  const { t, describeError } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  // The server's localised refusal; a field message that only repeats it is not shown twice.
  const uploadError = (error: unknown) => {
    const described = describeError(error);
    const extra = described.fields.map((f) => f.message).filter((m) => m !== described.message);
    return { message: described.message, extra };
  };
  const full = queue.stored + queue.items.length >= EVIDENCE_FILES_MAX;

  return (
    <div className="sg-objection-uploader" data-testid="objection-evidence" data-count={queue.items.length}>
      <input
        ref={input}
        type="file"
        accept={EVIDENCE_ACCEPT}
        multiple
        // Not `hidden`: antd's form styles show file inputs (display: block) inside a Form.Item.
        style={{ display: 'none' }}
        data-testid="objection-evidence-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length > 0) queue.add(files);
        }}
      />
      <Button
        icon={<PaperClipOutlined />}
        disabled={disabled || full}
        onClick={() => input.current?.click()}
        data-testid="objection-evidence-choose"
      >
        {t('objections.evidence.choose')}
      </Button>
      <Typography.Text type="secondary" className="sg-profile-hint">
        {t('objections.evidence.hint', { max: EVIDENCE_FILES_MAX, size: EVIDENCE_MAX_MB })}
      </Typography.Text>
      {queue.refused.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="objection-evidence-refused"
          title={t('objections.evidence.refusedTitle')}
          description={
            <ul className="sg-error-list">
              {queue.refused.map((r, index) => (
                <li key={`${r.name}-${index}`}>
                  {r.reason === 'limit'
                    ? t('objections.evidence.refusedLimit', { name: r.name, max: EVIDENCE_FILES_MAX })
                    : t('objections.evidence.refusedType', { name: r.name, size: EVIDENCE_MAX_MB })}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {queue.items.length > 0 && (
        <ul className="sg-objection-files">
          {queue.items.map((item) => (
            <li
              key={item.key}
              className="sg-objection-file"
              data-testid="objection-evidence-item"
              data-status={item.status}
            >
              <div className="sg-objection-file-head">
                <span className="sg-objection-file-name">
                  <FileIcon name={item.name} type={item.file.type} /> {item.name}{' '}
                  <Typography.Text type="secondary">{formatSize(item.size)}</Typography.Text>
                </span>
                <span className="sg-objection-file-state">
                  {item.status === 'waiting' && (
                    <Tag>{t(queued ? 'objections.evidence.queued' : 'objections.evidence.waiting')}</Tag>
                  )}
                  {item.status === 'preparing' && (
                    <>
                      <Spin size="small" /> {t('objections.evidence.preparing')}
                    </>
                  )}
                  {item.status === 'uploading' && (
                    <>
                      <Spin size="small" /> {t('objections.evidence.uploading')}
                    </>
                  )}
                  {item.status === 'done' && (
                    <Typography.Text type="success">
                      <CheckCircleFilled /> {t('objections.evidence.done')}
                    </Typography.Text>
                  )}
                  {item.status === 'failed' && (
                    <Button
                      size="small"
                      icon={<ReloadOutlined />}
                      onClick={() => queue.retry(item.key)}
                      data-testid="objection-evidence-retry"
                    >
                      {t('common.retry')}
                    </Button>
                  )}
                  {(item.status === 'failed' || (queued && item.status === 'waiting')) && (
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('objections.evidence.remove', { name: item.name })}
                      onClick={() => queue.remove(item.key)}
                    />
                  )}
                </span>
              </div>
              {item.status === 'failed' &&
                (item.error === UNREADABLE ? (
                  <Alert type="error" showIcon title={t('objections.evidence.unreadable')} />
                ) : (
                  <div data-testid="objection-evidence-error">
                    <FormErrorAlert error={uploadError(item.error)} />
                  </div>
                ))}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
