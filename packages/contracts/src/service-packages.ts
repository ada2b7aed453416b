import { Type, type Static } from 'typebox';
import {
  GRADES,
  REGULATION_VERIFICATION,
  SERVICE_INDICATOR_OPS,
  SERVICE_ITEM_KINDS,
  SERVICE_MATCH_RULES,
} from './values';

/**
 * Safety service packages (安全服务包): items of the content library (data/profile/
 * service-content.json — regulation articles by ref, training topics, accident warnings,
 * management advice) matched to an enterprise's risk tags, confined spaces, 工贸 category, grade
 * and grading inputs; one package per enterprise and month, delivered to its account, acknowledged
 * by it (已阅知), and measured (hazards found before and after, grade changes since).
 */

const Id = Type.String({ pattern: '^[1-9][0-9]{0,17}$' });
const DateTime = Type.String({ format: 'date-time' });
const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Text = Type.Object({ zh: Type.String(), en: Type.String() });

export const ServiceItemKind = Type.Enum(SERVICE_ITEM_KINDS);
export type ServiceItemKind = Static<typeof ServiceItemKind>;
const GradeValue = Type.Enum(GRADES);

/** One reason an item was matched, as the enterprise's facts stood at delivery. */
export const ServiceMatchReason = Type.Object({
  rule: Type.Enum(SERVICE_MATCH_RULES),
  /** The tag, category or grade that matched (riskTag, category, grade). */
  value: Type.Optional(Type.String()),
  /** The grading input (indicator), its comparison, threshold and the enterprise's value. */
  indicator: Type.Optional(Type.String()),
  op: Type.Optional(Type.Enum(SERVICE_INDICATOR_OPS)),
  threshold: Type.Optional(Type.Number()),
  actual: Type.Optional(Type.Number()),
});
export type ServiceMatchReason = Static<typeof ServiceMatchReason>;

export const GenerateServicePackagesBody = Type.Object(
  {
    /** Limit to one jurisdiction node in the caller's scope; the whole scope when absent. */
    jurisdictionId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    /** Match and count, write nothing. */
    dryRun: Type.Boolean(),
    /**
     * The digest a dry run answered: when given, the real run delivers only if it would deliver
     * exactly what was previewed (otherwise 409 service.preview_stale, nothing written).
     */
    previewDigest: Type.Optional(Type.String({ pattern: '^[0-9a-f]{16}$' })),
  },
  { additionalProperties: false },
);
export type GenerateServicePackagesBody = Static<typeof GenerateServicePackagesBody>;

export const ServicePackageGeneration = Type.Object({
  month: Month,
  dryRun: Type.Boolean(),
  libraryVersion: Type.String(),
  /** Graded, supervised enterprises in scope considered. */
  enterprises: Type.Integer(),
  /** Enterprises in scope without a grade yet: nothing to match against, skipped. */
  ungraded: Type.Integer(),
  /** Enterprises that already have this month's package (one per month at most). */
  alreadyDelivered: Type.Integer(),
  /** Enterprises no item matched. */
  noMatch: Type.Integer(),
  /** Packages this run would deliver (dry run) or delivered. */
  matched: Type.Integer(),
  /** Packages written (0 in a dry run; fewer than matched if another run delivered meanwhile). */
  created: Type.Integer(),
  /** Identifies the matched set: send it back to deliver exactly what was previewed. */
  digest: Type.String(),
  /** How many packages carry each item. */
  items: Type.Array(
    Type.Object({ itemId: Type.String(), kind: ServiceItemKind, title: Text, packages: Type.Integer() }),
  ),
  byGrade: Type.Object({
    red: Type.Integer(),
    orange: Type.Integer(),
    yellow: Type.Integer(),
    blue: Type.Integer(),
    general: Type.Integer(),
  }),
  /** The first packages (by enterprise id), for the preview. */
  sample: Type.Array(
    Type.Object({
      enterpriseId: Id,
      enterpriseName: Type.String(),
      grade: GradeValue,
      itemIds: Type.Array(Type.String()),
    }),
  ),
});
export type ServicePackageGeneration = Static<typeof ServicePackageGeneration>;

export const ServicePackageListQuery = Type.Object(
  {
    enterpriseId: Type.Optional(Id),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type ServicePackageListQuery = Static<typeof ServicePackageListQuery>;

export const ServicePackageSummary = Type.Object({
  id: Id,
  enterpriseId: Id,
  enterpriseName: Type.String(),
  month: Month,
  deliveredAt: DateTime,
  gradeAtDelivery: GradeValue,
  scoreAtDelivery: Type.Integer(),
  itemCount: Type.Integer(),
  kinds: Type.Array(ServiceItemKind),
  acknowledgedAt: Nullable(DateTime),
});
export type ServicePackageSummary = Static<typeof ServicePackageSummary>;

export const ServicePackageList = Type.Object({
  items: Type.Array(ServicePackageSummary),
  nextCursor: Nullable(Type.String()),
});
export type ServicePackageList = Static<typeof ServicePackageList>;

/** An article (or paragraph, item) a regulation item cites, with its text from the library. */
export const ServiceArticle = Type.Object({
  ref: Type.String(),
  label: Type.String(),
  lawTitle: Type.String(),
  /** How far the regulation's text has been checked (data/SOURCES.md). */
  verification: Type.Enum(REGULATION_VERIFICATION),
  text: Type.String(),
  /** The ref no longer resolves in the library (the data file changed since delivery). */
  missing: Type.Boolean(),
});
export type ServiceArticle = Static<typeof ServiceArticle>;

export const ServicePackageItem = Type.Object({
  id: Type.String(),
  kind: ServiceItemKind,
  /** False when the item has since left the content library: only its id and refs remain. */
  available: Type.Boolean(),
  title: Nullable(Text),
  summary: Nullable(Text),
  /** Training items: the session's length (editorial). */
  durationMinutes: Nullable(Type.Integer()),
  articles: Type.Array(ServiceArticle),
  because: Type.Array(ServiceMatchReason),
});
export type ServicePackageItem = Static<typeof ServicePackageItem>;

export const ServicePackageDetail = Type.Object({
  id: Id,
  enterpriseId: Id,
  enterpriseName: Type.String(),
  month: Month,
  libraryVersion: Type.String(),
  deliveredAt: DateTime,
  gradeAtDelivery: GradeValue,
  scoreAtDelivery: Type.Integer(),
  modelVersion: Type.String(),
  /** Hazards found (not withdrawn) in the 12 months before delivery. */
  hazards12mBefore: Type.Integer(),
  acknowledgedAt: Nullable(DateTime),
  acknowledgedBy: Nullable(Type.String()),
  items: Type.Array(ServicePackageItem),
});
export type ServicePackageDetail = Static<typeof ServicePackageDetail>;

export const ServiceEffectQuery = Type.Object(
  { jurisdictionId: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })) },
  { additionalProperties: false },
);
export type ServiceEffectQuery = Static<typeof ServiceEffectQuery>;

const effectFigures = {
  packages: Type.Integer(),
  acknowledged: Type.Integer(),
  /** acknowledged / packages, 0–1 (null without packages). */
  acknowledgedShare: Nullable(Type.Number()),
  /** Hazards found (not withdrawn) in the window before delivery, summed over the packages. */
  hazardsBefore: Type.Integer(),
  /** …and in the window after it (up to today for packages still inside it). */
  hazardsAfter: Type.Integer(),
  /** Packages whose after-window is still running: their "after" is partial. */
  afterWindowOpen: Type.Integer(),
  /** Grade now against the grade at delivery: less risky, the same, riskier, no grade now. */
  improved: Type.Integer(),
  same: Type.Integer(),
  worse: Type.Integer(),
  ungraded: Type.Integer(),
};
export const ServiceEffectFigures = Type.Object(effectFigures);
export type ServiceEffectFigures = Static<typeof ServiceEffectFigures>;

export const ServiceEffect = Type.Object({
  asOf: DateTime,
  windowDays: Type.Integer(),
  rows: Type.Array(Type.Object({ gradeAtDelivery: GradeValue, ...effectFigures })),
  total: ServiceEffectFigures,
});
export type ServiceEffect = Static<typeof ServiceEffect>;
