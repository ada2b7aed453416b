/** PostgreSQL SQLSTATE 23505; PGlite reports the same code through the same driver. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}
