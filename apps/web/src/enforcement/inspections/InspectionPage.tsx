import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Empty, Modal, Space, Spin, Tag, Typography } from 'antd';
import type { ButtonProps } from 'antd';
import {
  CheckCircleOutlined,
  FileTextOutlined,
  SafetyCertificateOutlined,
  WarningFilled,
} from '@ant-design/icons';
import type { Inspection, InspectionFinding } from '@safegrid/contracts';
import { ApiError, isAbortError } from '../../shell/api';
import { ErrorAlert } from '../../shell/ErrorAlert';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useDocumentTitle } from '../../shell/useDocumentTitle';
import { useSession, useSignedIn } from '../../identity/SessionProvider';
import { NotFoundOrError } from '../../grid/common/NotFoundOrError';
import { documentNewPath } from '../documents/documentsApi';
import { OpenCaseModal } from '../cases/OpenCaseModal';
import { refPath } from '../regulations/refModel';
import { EvidenceList } from './EvidenceList';
import { FindingForm } from './FindingForm';
import { ChecklistSection } from './ChecklistSection';
import type { FindingPrefill } from './checklistModel';
import { InspectionStatusTag } from './InspectionStatusTag';
import { PhotoUpload } from './PhotoUpload';
import { INSPECTIONS_PATH, completeInspection, fetchInspection } from './inspectionsApi';
import { canWrite, evidenceFor, isParticipant, isStaleVersion } from './inspectionModel';
import './inspections.css';

/**
 * One inspection (`/enforcement/inspections/:id`): header, evidence chain, findings with their
 * photos; its officers record findings, add photos and complete it while it is in progress.
 */
export default function InspectionPage() {
  const { id = '' } = useParams();
  const { t, formatDateTime } = useI18n();
  useDocumentTitle(t('inspection.title'));
  const session = useSignedIn();
  const { can } = useSession();
  const { message } = App.useApp();
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [writeError, setWriteError] = useState<{ error: unknown; stale: boolean } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [completing, setCompleting] = useState(false);
  const [openingCase, setOpeningCase] = useState(false);
  const [prefill, setPrefill] = useState<FindingPrefill | null>(null);
  const findingForm = useRef<HTMLDivElement | null>(null);
  const controller = useRef<AbortController | null>(null);

  const load = useCallback(() => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setLoadError(null);
    fetchInspection(id, current.signal).then(
      (data) => setInspection(data),
      (error: unknown) => {
        if (!isAbortError(error)) setLoadError(error);
      },
    );
  }, [id]);

  useEffect(() => {
    setInspection(null);
    load();
    return () => controller.current?.abort();
  }, [load]);

  /** A write failed: a stale version reloads the inspection and says it changed. */
  const onWriteError = useCallback(
    (error: unknown) => {
      const stale = error instanceof ApiError && isStaleVersion(error.status, error.code);
      setWriteError({ error, stale });
      if (stale) load();
      window.scrollTo({ top: 0 });
    },
    [load],
  );

  const updated = useCallback((next: Inspection) => {
    setWriteError(null);
    setInspection(next);
  }, []);

  if (loadError !== null && !inspection)
    return <NotFoundOrError error={loadError} onRetry={load} backTo={INSPECTIONS_PATH} />;
  if (!inspection) return <Spin />;

  const writable = canWrite(inspection, session.user.id, can('inspection.conduct'));
  const complete = async () => {
    setCompleting(true);
    try {
      updated(await completeInspection(inspection.id, inspection.version));
      void message.success(t('inspection.completedNotice'));
    } catch (error) {
      onWriteError(error);
    } finally {
      setCompleting(false);
      setConfirming(false);
    }
  };

  const generalEvidence = evidenceFor(inspection.evidence, null);
  return (
    <div
      className="sg-inspections"
      data-testid="inspection-view"
      data-status={inspection.status}
      data-id={inspection.id}
      data-version={inspection.version}
    >
      <div className="sg-toolbar">
        <Typography.Title level={4} className="sg-page-title" style={{ marginBottom: 0, flex: 1 }}>
          {inspection.enterprise.name}
        </Typography.Title>
        <InspectionStatusTag status={inspection.status} />
      </div>
      <Link to={INSPECTIONS_PATH}>{t('inspection.back')}</Link>

      {writeError && (
        <div
          className="sg-inspection-write-error"
          data-testid="inspection-write-error"
          data-stale={String(writeError.stale)}
        >
          {writeError.stale ? (
            <Alert
              type="warning"
              showIcon
              title={t('inspection.stale')}
              closable
              onClose={() => setWriteError(null)}
            />
          ) : (
            <ErrorAlert error={writeError.error} />
          )}
        </div>
      )}

      <Card size="small" className="sg-inspection-card" style={{ marginTop: 12 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            {
              key: 'enterprise',
              label: t('inspection.enterprise'),
              children: (
                <Link to={`/enterprises/${encodeURIComponent(inspection.enterprise.id)}`}>
                  {inspection.enterprise.name}（{inspection.enterprise.creditCode}）
                </Link>
              ),
            },
            {
              key: 'officers',
              label: t('inspection.officers'),
              children: inspection.officers.map((o) => o.displayName).join('、'),
            },
            ...(inspection.place
              ? [{ key: 'place', label: t('inspection.place'), children: inspection.place }]
              : []),
            {
              key: 'started',
              label: t('inspection.startedAt'),
              children: formatDateTime(inspection.startedAt),
            },
            ...(inspection.completedAt
              ? [
                  {
                    key: 'completed',
                    label: t('inspection.completedAt'),
                    children: formatDateTime(inspection.completedAt),
                  },
                ]
              : []),
          ]}
        />
        <EvidenceChainBadge inspection={inspection} />
      </Card>

      {inspection.status === 'completed' && can('document.issue') && (
        <div className="sg-toolbar">
          <Link to={documentNewPath(inspection.enterprise.id)} data-testid="inspection-issue-order">
            <Button type="primary" icon={<FileTextOutlined />}>
              {t('inspection.issueOrder')}
            </Button>
          </Link>
        </div>
      )}
      {/* A case (责令限期整改 → 复查 → 立案 …) is opened by one of the inspection's own officers. */}
      {inspection.status === 'completed' &&
        can('case.handle') &&
        isParticipant(inspection, session.user.id) && (
          <div className="sg-toolbar">
            <Button
              icon={<FileTextOutlined />}
              onClick={() => setOpeningCase(true)}
              data-testid="inspection-open-case"
            >
              {t('inspection.openCase')}
            </Button>
          </div>
        )}
      {openingCase && (
        <OpenCaseModal
          inspection={inspection}
          userId={session.user.id}
          onClose={() => setOpeningCase(false)}
        />
      )}

      <Typography.Title level={5}>{t('inspection.findings')}</Typography.Title>
      {inspection.findings.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inspection.noFindings')} />
      )}
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {inspection.findings.map((f) => (
          <FindingCard
            key={f.seq}
            finding={f}
            inspection={inspection}
            writable={writable}
            onUploaded={updated}
          />
        ))}
      </Space>

      {writable && (
        <div style={{ marginTop: 16 }} ref={findingForm}>
          <FindingForm
            inspection={inspection}
            onRecorded={updated}
            onError={onWriteError}
            prefill={prefill}
            onPrefillCleared={() => setPrefill(null)}
          />
        </div>
      )}

      <ChecklistSection
        inspection={inspection}
        writable={writable}
        onChanged={load}
        onError={onWriteError}
        onRecordFinding={(next) => {
          setPrefill(next);
          findingForm.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
        }}
      />

      <Card
        size="small"
        title={t('inspection.evidence')}
        className="sg-inspection-card"
        style={{ marginTop: 16 }}
      >
        {generalEvidence.length === 0 && (
          <Typography.Text type="secondary">{t('inspection.noEvidence')}</Typography.Text>
        )}
        <EvidenceList items={generalEvidence} />
        {writable && <PhotoUpload inspection={inspection} findingSeq={null} onUploaded={updated} />}
      </Card>

      {writable && (
        <div className="sg-toolbar sg-inspection-actions">
          <Button
            type="primary"
            icon={<CheckCircleOutlined />}
            onClick={() => setConfirming(true)}
            data-testid="inspection-complete"
          >
            {t('inspection.complete')}
          </Button>
        </div>
      )}
      {!writable && inspection.status === 'in_progress' && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('inspection.readOnlyHint')}
        </Typography.Paragraph>
      )}

      <Modal
        open={confirming}
        title={t('inspection.completeTitle')}
        okText={t('inspection.completeOk')}
        cancelText={t('common.cancel')}
        onOk={() => void complete()}
        onCancel={() => !completing && setConfirming(false)}
        confirmLoading={completing}
        okButtonProps={{ 'data-testid': 'inspection-complete-confirm' } as ButtonProps}
        cancelButtonProps={{ disabled: completing }}
        maskClosable={false}
        destroyOnHidden
      >
        <Typography.Paragraph strong>{t('inspection.completeBody')}</Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('inspection.completeSummary', {
            findings: inspection.findings.length,
            evidence: inspection.evidence.length,
          })}
        </Typography.Paragraph>
        {inspection.checklist && (
          <Typography.Paragraph
            type="secondary"
            style={{ marginBottom: 0 }}
            data-testid="inspection-complete-checklist"
          >
            {t('inspection.checklistProgress', {
              answered: inspection.checklist.answered,
              total: inspection.checklist.total,
            })}
            {inspection.checklist.failedWithoutFinding.length > 0 &&
              ' ' +
                t('inspection.checklistOpen', { count: inspection.checklist.failedWithoutFinding.length })}
          </Typography.Paragraph>
        )}
      </Modal>
    </div>
  );
}

function EvidenceChainBadge({ inspection }: { inspection: Inspection }) {
  const { t } = useI18n();
  const { intact, brokenAt } = inspection.evidenceChain;
  return (
    <div
      className="sg-evidence-chain"
      data-testid="evidence-chain"
      data-intact={String(intact)}
      data-broken-at={brokenAt ?? ''}
    >
      {intact ? (
        <Tag color="success" icon={<SafetyCertificateOutlined />}>
          {t('inspection.chainIntact', { count: inspection.evidence.length })}
        </Tag>
      ) : (
        <Alert
          type="error"
          showIcon
          title={t('inspection.chainBroken', { seq: brokenAt ?? '?' })}
          description={t('inspection.chainBrokenHint')}
        />
      )}
    </div>
  );
}

function FindingCard({
  finding: f,
  inspection,
  writable,
  onUploaded,
}: {
  finding: InspectionFinding;
  inspection: Inspection;
  writable: boolean;
  onUploaded(inspection: Inspection): void;
}) {
  const { t, formatDateTime } = useI18n();
  return (
    <Card
      size="small"
      className="sg-inspection-card"
      data-testid="inspection-finding"
      data-seq={f.seq}
      data-major-hazard={String(f.majorHazard !== null)}
      title={
        <span className="sg-inspection-finding-title">
          {t('inspection.findingN', { n: f.seq })}
          {f.majorHazard && (
            <Tag
              color="red"
              variant="solid"
              icon={<WarningFilled />}
              data-testid="inspection-major-hazard-tag"
            >
              {t('inspection.majorHazardTag')}
            </Tag>
          )}
        </span>
      }
    >
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{f.description}</Typography.Paragraph>
      <div className="sg-inspection-field">
        <Typography.Text type="secondary">{t('inspection.provisions')}</Typography.Text>
        {f.provisions.length === 0 ? (
          <div>{t('inspection.noProvisions')}</div>
        ) : (
          <ul className="sg-inspection-provisions">
            {f.provisions.map((p) => (
              <li key={p.ref}>
                <Link to={refPath(p.ref)} data-testid="inspection-provision-link" data-ref={p.ref}>
                  {p.label}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </div>
      {f.majorHazard && (
        <div className="sg-inspection-field">
          <Link to={refPath(f.majorHazard.ref)} data-ref={f.majorHazard.ref}>
            {t('inspection.majorHazardBasis', { label: f.majorHazard.label })}
          </Link>
        </div>
      )}
      {f.onTheSpotMeasure && (
        <div className="sg-inspection-field">
          <Typography.Text type="secondary">{t('inspection.measure')}</Typography.Text>
          <div style={{ whiteSpace: 'pre-wrap' }}>{f.onTheSpotMeasure}</div>
        </div>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('inspection.recordedAt', { time: formatDateTime(f.recordedAt) })}
      </Typography.Text>
      <EvidenceList items={evidenceFor(inspection.evidence, f.seq)} />
      {writable && <PhotoUpload inspection={inspection} findingSeq={f.seq} onUploaded={onUploaded} />}
    </Card>
  );
}
