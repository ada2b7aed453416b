/**
 * The closed vocabularies of the registry, as plain values: the API schemas are built from them
 * and the web app imports them from here (`@safegrid/contracts/values`) without pulling the
 * schema library into its bundle.
 */
export const GONGMAO_CATEGORIES = [
  'metallurgy',
  'nonferrous',
  'building_materials',
  'machinery',
  'light_industry',
  'textile',
  'tobacco',
  'commerce',
] as const;
export const ENTERPRISE_SCALES = ['large', 'medium', 'small', 'micro'] as const;
export const ENTERPRISE_STATUSES = ['operating', 'suspended', 'closed'] as const;
export const JURISDICTION_LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const;
