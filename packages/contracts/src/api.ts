import { Type, type Static } from 'typebox';
import {
  ENTERPRISE_SCALES,
  ENTERPRISE_STATUSES,
  GONGMAO_CATEGORIES,
  GRADES,
  JURISDICTION_LEVELS,
} from './values';

/**
 * The HTTP contract shared by server (validation, OpenAPI) and web app (types). Field names are
 * camelCase; ids of bigint rows travel as strings.
 */

export const GongmaoCategory = Type.Enum(GONGMAO_CATEGORIES);
export const EnterpriseScale = Type.Enum(ENTERPRISE_SCALES);
export const EnterpriseStatus = Type.Enum(ENTERPRISE_STATUSES);
export const JurisdictionLevel = Type.Enum(JURISDICTION_LEVELS);

export const Problem = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  code: Type.String(),
  detail: Type.String(),
  instance: Type.String(),
  requestId: Type.String(),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  errors: Type.Optional(
    Type.Array(
      Type.Object({
        pointer: Type.String(),
        code: Type.String(),
        params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
      }),
    ),
  ),
});
export type Problem = Static<typeof Problem>;

export const JurisdictionNode = Type.Object({
  id: Type.String(),
  level: JurisdictionLevel,
  parentId: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  officialCode: Type.Union([Type.String(), Type.Null()]),
  isFunctional: Type.Boolean(),
  boundarySynthetic: Type.Boolean(),
  center: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
  enterpriseCount: Type.Integer(),
});
export type JurisdictionNode = Static<typeof JurisdictionNode>;

export const JurisdictionTree = Type.Object({ nodes: Type.Array(JurisdictionNode) });
export type JurisdictionTree = Static<typeof JurisdictionTree>;

export const InspectorAssignment = Type.Object({
  inspectorId: Type.String(),
  name: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  validFrom: Type.String({ format: 'date' }),
  validTo: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
});
export type InspectorAssignment = Static<typeof InspectorAssignment>;

export const EnterpriseSummary = Type.Object({
  id: Type.String(),
  creditCode: Type.String(),
  name: Type.String(),
  address: Type.String(),
  industryCode: Type.String(),
  industryName: Type.String(),
  gongmaoCategory: GongmaoCategory,
  scale: EnterpriseScale,
  employees: Type.Integer(),
  status: EnterpriseStatus,
  location: Type.Tuple([Type.Number(), Type.Number()]),
  gridId: Type.String(),
  gridName: Type.String(),
  streetName: Type.String(),
  districtName: Type.String(),
  synthetic: Type.Boolean(),
});
export type EnterpriseSummary = Static<typeof EnterpriseSummary>;

export const EnterpriseDetail = Type.Intersect([
  EnterpriseSummary,
  Type.Object({
    communityId: Type.String(),
    communityName: Type.String(),
    streetId: Type.String(),
    districtId: Type.String(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    inspectors: Type.Array(InspectorAssignment),
    /** What the caller may do with this enterprise, so the web app hides the rest. */
    permissions: Type.Object({ update: Type.Boolean(), export: Type.Boolean() }),
  }),
]);
export type EnterpriseDetail = Static<typeof EnterpriseDetail>;

export const GridDetail = Type.Object({
  grid: JurisdictionNode,
  path: Type.Array(JurisdictionNode),
  boundary: Type.Union([Type.Unknown(), Type.Null()]),
  inspectors: Type.Array(InspectorAssignment),
  enterprises: Type.Array(EnterpriseSummary),
  enterpriseTotal: Type.Integer(),
});
export type GridDetail = Static<typeof GridDetail>;

export const EnterpriseSearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 50 })),
  jurisdictionId: Type.Optional(Type.String({ maxLength: 32 })),
  industryCode: Type.Optional(Type.String({ maxLength: 8 })),
  gongmaoCategory: Type.Optional(GongmaoCategory),
  status: Type.Optional(EnterpriseStatus),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
});
export type EnterpriseSearchQuery = Static<typeof EnterpriseSearchQuery>;

export const EnterprisePage = Type.Object({
  items: Type.Array(EnterpriseSummary),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type EnterprisePage = Static<typeof EnterprisePage>;

const text = (max: number) => Type.String({ minLength: 2, maxLength: max });
export const EnterpriseInput = Type.Object(
  {
    creditCode: Type.String({ minLength: 1, maxLength: 40 }),
    name: text(200),
    address: text(300),
    industryCode: Type.String({ minLength: 1, maxLength: 8 }),
    scale: EnterpriseScale,
    employees: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    location: Type.Tuple([
      Type.Number({ minimum: -180, maximum: 180 }),
      Type.Number({ minimum: -90, maximum: 90 }),
    ]),
    gridId: Type.String({ minLength: 1, maxLength: 32 }),
    status: Type.Optional(EnterpriseStatus),
  },
  { additionalProperties: false },
);
export type EnterpriseInput = Static<typeof EnterpriseInput>;

export const EnterprisePatch = Type.Partial(EnterpriseInput, { additionalProperties: false });
export type EnterprisePatch = Static<typeof EnterprisePatch>;

export const ImportRowError = Type.Object({
  row: Type.Integer(),
  column: Type.String(),
  code: Type.String(),
  value: Type.String(),
});
export type ImportRowError = Static<typeof ImportRowError>;

export const ImportJob = Type.Object({
  id: Type.String(),
  fileName: Type.String(),
  status: Type.Enum(['validating', 'writing', 'succeeded', 'failed']),
  totalRows: Type.Integer(),
  processedRows: Type.Integer(),
  importedRows: Type.Integer(),
  errorCode: Type.Union([Type.String(), Type.Null()]),
  errorCount: Type.Integer(),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
});
export type ImportJob = Static<typeof ImportJob>;

/** Map layer: clusters at city zoom, individual points once the viewport is small enough. */
export const MapEnterprisesQuery = Type.Object({
  bbox: Type.String({ pattern: '^-?\\d+(\\.\\d+)?(,-?\\d+(\\.\\d+)?){3}$' }),
  zoom: Type.Integer({ minimum: 0, maximum: 22 }),
});
export type MapEnterprisesQuery = Static<typeof MapEnterprisesQuery>;

export const MapEnterprises = Type.Object({
  mode: Type.Union([Type.Literal('clusters'), Type.Literal('points')]),
  clusters: Type.Array(Type.Object({ lon: Type.Number(), lat: Type.Number(), count: Type.Integer() })),
  points: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      lon: Type.Number(),
      lat: Type.Number(),
      status: EnterpriseStatus,
      gongmaoCategory: GongmaoCategory,
      /** The risk grade, null until the enterprise has been graded. */
      grade: Type.Union([Type.Enum(GRADES), Type.Null()]),
    }),
  ),
  total: Type.Integer(),
});
export type MapEnterprises = Static<typeof MapEnterprises>;

export const BoundaryLevel = Type.Enum(['district', 'street', 'community', 'grid']);

export const ComponentHealth = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('degraded')]),
  detail: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});
export const Health = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('degraded')]),
  version: Type.String(),
  uptimeSeconds: Type.Number(),
  components: Type.Record(Type.String(), ComponentHealth),
});
export type Health = Static<typeof Health>;

export const TelemetryReading = Type.Object({
  deviceId: Type.String(),
  seq: Type.Integer(),
  measuredAt: Type.String(),
  receivedAt: Type.String(),
  o2: Type.Union([Type.Number(), Type.Null()]),
  h2s: Type.Union([Type.Number(), Type.Null()]),
  co: Type.Union([Type.Number(), Type.Null()]),
  lel: Type.Union([Type.Number(), Type.Null()]),
  battery: Type.Union([Type.Number(), Type.Null()]),
});
export type TelemetryReading = Static<typeof TelemetryReading>;
