import { Tag } from 'antd';
import type { Grade } from '@safegrid/contracts';
import { useI18n } from '../shell/i18n/I18nProvider';
import { GRADE_STYLES, SOURCE_COLORS, type ProfileSourceValue } from './profileModel';

/** A risk grade in its colour (红/橙/黄/蓝/一般); `size` 'large' for the page header. */
export function GradeBadge({
  grade,
  size = 'default',
  testId,
}: {
  grade: Grade;
  size?: 'default' | 'large';
  testId?: string;
}) {
  const { t } = useI18n();
  const style = GRADE_STYLES[grade];
  return (
    <Tag
      className={size === 'large' ? 'sg-grade-badge sg-grade-badge-large' : 'sg-grade-badge'}
      style={{ background: style.background, color: style.color, borderColor: style.background }}
      data-testid={testId}
      data-grade={grade}
    >
      {t(`profile.grade.${grade}`)}
    </Tag>
  );
}

/** Where a profile record came from: 平台记录 / 企业申报 / 外部导入 / 演示数据. */
export function SourceTag({ source }: { source: ProfileSourceValue }) {
  const { t } = useI18n();
  return (
    <Tag color={SOURCE_COLORS[source]} data-testid="profile-source" data-source={source}>
      {t(`profile.source.${source}`)}
    </Tag>
  );
}
