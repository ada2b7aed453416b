import { Type, type Static } from 'typebox';
import {
  BASIS_NOTES,
  FINDING_MAX_LENGTH,
  MAJOR_HAZARD_FIELDS,
  PROVISION_KINDS,
  REGULATION_KINDS,
  REGULATION_VERIFICATION,
} from './values';

/**
 * The regulation library and the hazard → clause matcher.
 *
 * A provision is addressed as `lawId:article[:paragraph[:item]]`, e.g.
 * `work-safety-law-2021:99:1:1` is 《安全生产法》第九十九条第一款第（一）项.
 */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const LawId = Type.String({ pattern: '^[a-z0-9-]{3,60}$' });
export const ProvisionRef = Type.String({ pattern: '^[a-z0-9-]{3,60}(:[1-9][0-9]{0,3}){1,3}$' });
export const RegulationVerification = Type.Enum(REGULATION_VERIFICATION);
export const MajorHazardField = Type.Enum(MAJOR_HAZARD_FIELDS);

export const RegulationSummary = Type.Object({
  id: LawId,
  title: Type.String(),
  shortTitle: Type.String(),
  kind: Type.Enum(REGULATION_KINDS),
  issuer: Type.String(),
  /** e.g. 中华人民共和国应急管理部令第13号; null for a law of the NPC. */
  orderNo: Nullable(Type.String()),
  /** The version the text is (e.g. 2021年6月10日第三次修正). */
  version: Type.String(),
  effective: Nullable(Type.String({ format: 'date' })),
  verification: RegulationVerification,
  /** In the data's own words: how the text was checked, and what is missing. */
  verificationNote: Type.String(),
  /** Set where the data warns that the regulation may since have been amended or repealed. */
  currencyWarning: Nullable(Type.String()),
  articleCount: Type.Integer(),
  /** Articles the regulation has that the data lacks (only for a partial text). */
  missingArticleCount: Type.Integer(),
});
export type RegulationSummary = Static<typeof RegulationSummary>;

export const RegulationList = Type.Object({ items: Type.Array(RegulationSummary) });
export type RegulationList = Static<typeof RegulationList>;

/** A fine range as the law states it: yuan, or a share/multiple of a stated basis. */
export const FineRange = Type.Object({
  target: Type.String(),
  minYuan: Nullable(Type.Number()),
  maxYuan: Nullable(Type.Number()),
  /** When the fine is not in yuan: what it is computed from (上一年年收入, 违法所得…). */
  basis: Nullable(Type.String()),
  /** For a basis: e.g. "40%–100%" or "2–5 倍". */
  ratio: Nullable(Type.String()),
});
export type FineRange = Static<typeof FineRange>;

export const ProvisionLink = Type.Object({
  ref: ProvisionRef,
  /** 《安全生产法》第九十九条第一款第（一）项 */
  label: Type.String(),
  text: Type.String(),
});
export type ProvisionLink = Static<typeof ProvisionLink>;

export const PenaltyLink = Type.Object({
  ...ProvisionLink.properties,
  fines: Type.Array(FineRange),
  measures: Type.Array(Type.String()),
});
export type PenaltyLink = Static<typeof PenaltyLink>;

export const ArticleItem = Type.Object({ ref: ProvisionRef, label: Type.String(), text: Type.String() });
export const ArticleParagraph = Type.Object({
  ref: ProvisionRef,
  number: Type.Integer({ minimum: 1 }),
  text: Type.String(),
  items: Type.Array(ArticleItem),
});
export type ArticleParagraph = Static<typeof ArticleParagraph>;

export const ArticleHeading = Type.Object({
  ref: ProvisionRef,
  number: Type.Integer({ minimum: 1 }),
  /** 第九十九条 */
  label: Type.String(),
  chapter: Nullable(Type.String()),
  /** The first words of the text, for the table of contents. */
  lead: Type.String(),
});
export type ArticleHeading = Static<typeof ArticleHeading>;

export const RegulationDetail = Type.Object({
  ...RegulationSummary.properties,
  articles: Type.Array(ArticleHeading),
});
export type RegulationDetail = Static<typeof RegulationDetail>;

export const Article = Type.Object({
  ...ArticleHeading.properties,
  lawId: LawId,
  lawTitle: Type.String(),
  text: Type.String(),
  paragraphs: Type.Array(ArticleParagraph),
  /** How far this article's own text was checked, where it differs from the regulation's. */
  textNote: Nullable(Type.String()),
  /** For an obligation: the penalty provisions that enforce it (with fine ranges). */
  enforcedBy: Type.Array(PenaltyLink),
  /** For a penalty article: the obligations it enforces. */
  enforces: Type.Array(ProvisionLink),
  /** For an article of 令第10号: the industry or special field its items apply to. */
  majorHazardField: Nullable(MajorHazardField),
});
export type Article = Static<typeof Article>;

export const ArticleParams = Type.Object({ id: LawId, number: Type.Integer({ minimum: 1, maximum: 9999 }) });
export type ArticleParams = Static<typeof ArticleParams>;
export const LawParams = Type.Object({ id: LawId });
export type LawParams = Static<typeof LawParams>;

export const ArticleSearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 200 }),
    lawId: Type.Optional(LawId),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type ArticleSearchQuery = Static<typeof ArticleSearchQuery>;

export const ArticleSearchHit = Type.Object({
  ref: ProvisionRef,
  lawId: LawId,
  lawShortTitle: Type.String(),
  number: Type.Integer(),
  label: Type.String(),
  /** The paragraph or item that matched best. */
  snippet: Type.String(),
  /** The query's words as they occur in the snippet, for highlighting. */
  highlights: Type.Array(Type.String()),
});
export type ArticleSearchHit = Static<typeof ArticleSearchHit>;
export const ArticleSearchResult = Type.Object({ items: Type.Array(ArticleSearchHit) });
export type ArticleSearchResult = Static<typeof ArticleSearchResult>;

export const MatchFindingRequest = Type.Object(
  {
    finding: Type.String({ minLength: 1, maxLength: FINDING_MAX_LENGTH }),
    /**
     * The enterprise the finding is about (in the caller's scope): its 工贸 industry becomes one of
     * the fields below, so items of 令第10号 for other industries rank lower.
     */
    enterpriseId: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,17}$' })),
    /** The enterprise's fields under 令第10号, when known: items of other industries rank lower. */
    fields: Type.Optional(
      Type.Array(MajorHazardField, { uniqueItems: true, maxItems: MAJOR_HAZARD_FIELDS.length }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5 })),
  },
  { additionalProperties: false },
);
export type MatchFindingRequest = Static<typeof MatchFindingRequest>;

export const MajorHazardMatch = Type.Object({
  ...ProvisionLink.properties,
  field: MajorHazardField,
});
export type MajorHazardMatch = Static<typeof MajorHazardMatch>;

export const ProvisionMatch = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  /** The provision that is breached: a penalty item, or an item of 令第10号. */
  ref: ProvisionRef,
  kind: Type.Enum(PROVISION_KINDS),
  label: Type.String(),
  text: Type.String(),
  score: Type.Number(),
  /** Score relative to the best suggestion (1 for the first). */
  relative: Type.Number(),
  /** The obligations violated (违反…的规定). */
  violated: Type.Array(ProvisionLink),
  /** The penalty basis (依据…的规定) and its fine ranges. */
  penalty: Nullable(PenaltyLink),
  /**
   * Set where the basis is our own reading rather than a link the law's text states:
   * `major_hazard_handling` — 令第10号 is a criterion, not a penalty: a major hazard is ordered
   * removed under 安全生产法 第六十五条第一款第（三）项, and not removing it is punished under
   * 第一百零二条; `no_obligation_link` — the data links no obligation article to this penalty item.
   */
  basisNote: Nullable(Type.Enum(BASIS_NOTES)),
  /** Set when the finding meets an item of 令第10号 (重大事故隐患). */
  majorHazard: Nullable(MajorHazardMatch),
  explanation: Type.Object({
    /** Phrases of the finding found in the provision's text. */
    matchedPhrases: Type.Array(Type.String()),
    /** Trade words of the finding read as the law's words (e.g. 劳保用品 → 劳动防护用品). */
    synonyms: Type.Array(Type.Object({ from: Type.String(), to: Type.String() })),
  }),
});
export type ProvisionMatch = Static<typeof ProvisionMatch>;

export const MatchFindingResult = Type.Object({
  finding: Type.String(),
  /** The fields of 令第10号 the ranking took into account (given, or the enterprise's industry). */
  fields: Type.Optional(Type.Array(MajorHazardField)),
  provisions: Type.Array(ProvisionMatch),
  /** The best item of 令第10号 the finding meets, if any: the finding is then a major hazard. */
  majorHazard: Nullable(MajorHazardMatch),
});
export type MatchFindingResult = Static<typeof MatchFindingResult>;
