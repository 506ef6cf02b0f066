// Dates: normalised to ISO 8601 UTC, and never invented — an unreadable date is null.

const minPlausible = Date.UTC(1990, 0, 1);

/** Parses a feed or page date into ISO UTC; null when absent or unreadable. */
export function toIsoUtc(value: unknown, now = Date.now()): string | null {
  if (value == null || value === '') return null;
  const d = value instanceof Date ? value : new Date(String(value).trim());
  const t = d.getTime();
  if (Number.isNaN(t)) return null;
  // A date before the web or more than two days ahead is a publisher error, not a fact.
  if (t < minPlausible || t > now + 2 * 86_400_000) return null;
  return new Date(t).toISOString();
}

export const nowIso = (): string => new Date().toISOString();
