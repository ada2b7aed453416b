import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Input, Progress, Radio, Space, Spin, Tag, Typography } from 'antd';
import { FileAddOutlined, WarningFilled } from '@ant-design/icons';
import type {
  ChecklistItem,
  Inspection,
  InspectionChecklist,
  InspectionChecklistAnswer,
} from '@safegrid/contracts';
import { isAbortError } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { refPath } from '../regulations/refModel';
import {
  CHECKLIST_OUTCOMES,
  answersById,
  checklistCounts,
  findingPrefill,
  groupChecklist,
  toAnswerRequest,
  type ChecklistOutcome,
  type FindingPrefill,
} from './checklistModel';
import { INSPECTION_LIMITS } from './inspectionModel';
import { answerInspectionChecklist, fetchInspectionChecklist } from './inspectionsApi';

/**
 * "检查表": the enterprise's checklist (the same library as grid patrols) grouped into common
 * items, the category's items and the 令第10号 items, each answered 合格 / 不合格 / 不适用 with an
 * optional note; a failed item without a finding offers "记录为问题". Reloaded whenever the
 * inspection's version moves (a finding recorded from an item shows on it).
 */
export function ChecklistSection({
  inspection,
  writable,
  onChanged,
  onError,
  onRecordFinding,
}: {
  inspection: Inspection;
  writable: boolean;
  /** An answer was saved: the inspection's version moved. */
  onChanged(): void;
  onError(error: unknown): void;
  onRecordFinding(prefill: FindingPrefill): void;
}) {
  const { t } = useI18n();
  const [checklist, setChecklist] = useState<InspectionChecklist | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);

  const load = useCallback(() => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setLoadError(null);
    fetchInspectionChecklist(inspection.id, current.signal).then(setChecklist, (error: unknown) => {
      if (!isAbortError(error)) setLoadError(error);
    });
  }, [inspection.id]);

  useEffect(() => {
    load();
    return () => controller.current?.abort();
  }, [load, inspection.version]);

  // An enterprise outside the 工贸 categories has no checklist: the section says nothing.
  if (inspection.checklist === null) return null;

  const save = async (itemId: string, outcome: ChecklistOutcome, note: string) => {
    if (!checklist) return;
    setSaving(itemId);
    try {
      setChecklist(
        await answerInspectionChecklist(
          inspection.id,
          toAnswerRequest(itemId, outcome, note, checklist.inspectionVersion),
        ),
      );
      onChanged();
    } catch (error) {
      onError(error);
    } finally {
      setSaving(null);
    }
  };

  const title = t('inspection.checklist');
  if (loadError !== null) {
    return (
      <Card size="small" title={title} className="sg-inspection-card" style={{ marginTop: 16 }}>
        <ErrorAlert error={loadError} onRetry={load} />
      </Card>
    );
  }
  if (!checklist) {
    return (
      <Card size="small" title={title} className="sg-inspection-card" style={{ marginTop: 16 }}>
        <Spin />
      </Card>
    );
  }
  const counts = checklistCounts(checklist);
  const answers = answersById(checklist);
  const groups = groupChecklist(checklist.items);
  const sections: { key: keyof typeof groups; label: string }[] = [
    { key: 'general', label: t('inspection.checklistGeneral') },
    { key: 'category', label: t('inspection.checklistCategory') },
    { key: 'majorHazard', label: t('inspection.checklistMajorHazard') },
  ];
  return (
    <Card
      size="small"
      title={title}
      className="sg-inspection-card sg-checklist"
      style={{ marginTop: 16 }}
      data-testid="inspection-checklist"
      data-answered={counts.answered}
      data-total={counts.total}
    >
      <div className="sg-checklist-progress">
        <Typography.Text>
          {t('inspection.checklistProgress', { answered: counts.answered, total: counts.total })}
        </Typography.Text>
        <Progress
          percent={counts.total === 0 ? 0 : Math.round((counts.answered / counts.total) * 100)}
          size="small"
          showInfo={false}
        />
        {counts.open > 0 && (
          <Typography.Text type="danger" data-testid="inspection-checklist-open">
            {t('inspection.checklistOpen', { count: counts.open })}
          </Typography.Text>
        )}
      </div>
      {sections
        .filter((s) => groups[s.key].length > 0)
        .map((s) => (
          <div key={s.key} className="sg-checklist-group" data-group={s.key}>
            <Typography.Title level={5} className="sg-checklist-group-title">
              {s.label}
            </Typography.Title>
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              {groups[s.key].map((item) => (
                <ChecklistRow
                  key={item.id}
                  item={item}
                  answer={answers.get(item.id)}
                  writable={writable}
                  saving={saving === item.id}
                  disabled={saving !== null}
                  onAnswer={(outcome, note) => void save(item.id, outcome, note)}
                  onRecordFinding={() => onRecordFinding(findingPrefill(item, answers.get(item.id)))}
                />
              ))}
            </Space>
          </div>
        ))}
    </Card>
  );
}

function ChecklistRow({
  item,
  answer,
  writable,
  saving,
  disabled,
  onAnswer,
  onRecordFinding,
}: {
  item: ChecklistItem;
  answer: InspectionChecklistAnswer | undefined;
  writable: boolean;
  saving: boolean;
  disabled: boolean;
  onAnswer(outcome: ChecklistOutcome, note: string): void;
  onRecordFinding(): void;
}) {
  const { t, locale } = useI18n();
  const [note, setNote] = useState(answer?.note ?? '');
  useEffect(() => setNote(answer?.note ?? ''), [answer?.note]);
  const failedOpen = answer?.outcome === 'fail' && answer.findingSeqs.length === 0;
  return (
    <div
      className="sg-checklist-item"
      data-testid="inspection-checklist-item"
      data-item={item.id}
      data-outcome={answer?.outcome ?? ''}
      data-major-hazard={String(item.majorHazardRef !== null)}
    >
      <div className="sg-checklist-question">
        {item.majorHazardRef && (
          <Tag color="red" variant="solid" icon={<WarningFilled />}>
            {t('inspection.majorHazardTag')}
          </Tag>
        )}
        {item.text[locale === 'en' ? 'en' : 'zh-CN']}
      </div>
      {item.provisionRefs.length > 0 && (
        <div className="sg-checklist-refs">
          {item.provisionRefs.map((ref) => (
            <Link key={ref} to={refPath(ref)} data-ref={ref}>
              {ref.split(':').slice(1).join(':')}
            </Link>
          ))}
        </div>
      )}
      {writable ? (
        <>
          <Radio.Group
            className="sg-checklist-outcomes"
            optionType="button"
            buttonStyle="solid"
            value={answer?.outcome}
            disabled={disabled}
            onChange={(e) => onAnswer(e.target.value as ChecklistOutcome, note)}
            options={CHECKLIST_OUTCOMES.map((o) => ({
              value: o,
              label: t(`inspection.outcome.${o}`),
            }))}
          />
          <Space.Compact style={{ width: '100%', marginTop: 6 }}>
            <Input
              value={note}
              maxLength={INSPECTION_LIMITS.measure}
              placeholder={t('inspection.checklistNote')}
              onChange={(e) => setNote(e.target.value)}
              data-testid="inspection-checklist-note"
            />
            {answer && note.trim() !== (answer.note ?? '') && (
              <Button loading={saving} disabled={disabled} onClick={() => onAnswer(answer.outcome, note)}>
                {t('inspection.checklistSaveNote')}
              </Button>
            )}
          </Space.Compact>
        </>
      ) : (
        answer && (
          <div>
            <Tag color={answer.outcome === 'fail' ? 'red' : answer.outcome === 'pass' ? 'green' : 'default'}>
              {t(`inspection.outcome.${answer.outcome}`)}
            </Tag>
            {answer.note}
          </div>
        )
      )}
      {answer && answer.findingSeqs.length > 0 && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('inspection.checklistRecorded', { seqs: answer.findingSeqs.join('、') })}
        </Typography.Text>
      )}
      {failedOpen && (
        <div className="sg-checklist-open">
          <Typography.Text type="danger">{t('inspection.checklistNoFinding')}</Typography.Text>
          {writable && (
            <Button
              size="small"
              icon={<FileAddOutlined />}
              onClick={onRecordFinding}
              data-testid="inspection-checklist-record"
            >
              {t('inspection.checklistRecordFinding')}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
