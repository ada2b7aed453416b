import { useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Button, Tag, Tooltip, Typography } from 'antd';
import { ExclamationCircleOutlined } from '@ant-design/icons';
import type { GradeExplanation, ObjectionList } from '@safegrid/contracts';
import { useI18n } from '../../shell/i18n/I18nProvider';
import { useSession } from '../../identity/SessionProvider';
import { useApiGet } from '../../grid/common/useApi';
import { ObjectionModal, type ExplainedIndicator } from './ObjectionModal';
import {
  indicatorObjectionState,
  objectionsPagePath,
  pendingIndicators,
  pendingObjectionsUrl,
} from './objectionsModel';
import './objections.css';

/**
 * Objections on the grade explanation's indicator rows: an "异议处理中" tag where one is pending
 * (for every reader, linking to the objections page) and, for the enterprise's own account
 * (`profile.object`), "提出异议" on the rows an objection may change. `cell` is a line under the
 * indicator's name (a column of its own would widen the nested table past a half-width card);
 * `modal` is rendered beside the table.
 */
export function useIndicatorObjections(explanation: GradeExplanation): {
  cell(indicator: ExplainedIndicator): ReactNode;
  modal: ReactNode;
} {
  const { t } = useI18n();
  const { can } = useSession();
  const mayObject = can('profile.object');
  const enterpriseId = explanation.enterpriseId;
  const pendingList = useApiGet<ObjectionList>(
    can('profile.read') ? pendingObjectionsUrl(enterpriseId) : null,
  );
  const { reload } = pendingList;
  // A failed look-up only hides the tags; the server still refuses a second pending objection.
  const pending = useMemo(() => pendingIndicators(pendingList.data?.items ?? []), [pendingList.data]);
  const [target, setTarget] = useState<ExplainedIndicator | null>(null);

  const cell = (i: ExplainedIndicator): ReactNode => {
    const state = indicatorObjectionState(i.id, pending, mayObject);
    if (state === 'none') return null;
    return (
      <span className="sg-objection-cell" data-testid="indicator-objection" data-state={state}>
        {state === 'pending' && (
          <Link
            to={objectionsPagePath({ status: 'pending', enterpriseId })}
            data-testid="indicator-objection-pending"
          >
            <Tag color="gold" icon={<ExclamationCircleOutlined />}>
              {t('objections.pendingTag')}
            </Tag>
          </Link>
        )}
        {state === 'objectable' && (
          <Button
            size="small"
            type="link"
            className="sg-objection-action"
            onClick={() => setTarget(i)}
            data-testid="indicator-object"
            data-indicator={i.id}
          >
            {t('objections.object')}
          </Button>
        )}
        {state === 'not_objectable' && (
          <Tooltip title={t('objections.notObjectable')}>
            <Typography.Text type="secondary" className="sg-profile-hint">
              {t('objections.viaHazards')}
            </Typography.Text>
          </Tooltip>
        )}
      </span>
    );
  };

  const modal =
    mayObject && target ? (
      <ObjectionModal
        key={target.id}
        enterpriseId={enterpriseId}
        indicator={target}
        onClose={() => setTarget(null)}
        onChanged={reload}
      />
    ) : null;

  return { cell, modal };
}
