/** A stable offset in [0, rangeMs) from a source id (FNV-1a), so restarts keep the spread. */
export function stableOffsetMs(id: string, rangeMs: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return rangeMs > 0 ? h % rangeMs : 0;
}
