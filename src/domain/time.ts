// Dates: normalised to ISO 8601 UTC, and never invented — an unreadable date is null.

const minPlausible = Date.UTC(1990, 0, 1);

/** Parses a feed or page date into ISO UTC; null when absent or unreadable. */
export function toIsoUtc(value: unknown, now = Date.now()): string | null {
  if (value == null || value === '') return null;
  const d = value instanceof Date ? value : new Date(String(value).trim());
  const t = d.getTime();
  if (Number.isNaN(t)) return null;
  if (!(value instanceof Date) && !yearAgrees(String(value), d)) return null;
  // A date before the web or more than two days ahead is a publisher error, not a fact.
  if (t < minPlausible || t > now + 2 * 86_400_000) return null;
  return new Date(t).toISOString();
}

// The first four-digit number that is not part of a time or a zone offset: the year as written.
const writtenYear = /(?<![\d+\-:.])\d{4}(?![\d:])/;

/**
 * V8 reads years 0000-0049 as 2000-2049 ("Mon, 01 Jan 0001" becomes 2001), which would invent a
 * plausible date from a placeholder. The parsed year must be the written one (±1 for zones).
 */
function yearAgrees(text: string, d: Date): boolean {
  const written = writtenYear.exec(text)?.[0];
  return written === undefined || Math.abs(Number(written) - d.getUTCFullYear()) <= 1;
}

export const nowIso = (): string => new Date().toISOString();
