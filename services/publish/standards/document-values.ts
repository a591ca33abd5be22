/** An ISO 8601 UTC date-time, or null for a time the item does not have. */
export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** Neither standard has nulls: a property the item does not have is absent, and so is an empty list. */
export function withoutEmpty<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0))) as T;
}
