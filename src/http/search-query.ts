// User search text into a safe FTS5 expression: every word becomes a quoted term, so no user
// input can reach FTS5's operator syntax. (The API issue widens this to phrases, OR, -, prefix*.)
export function toFtsQuery(text: string): string | null {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.slice(0, 32).map((w) => `"${w}"`).join(' ');
}
