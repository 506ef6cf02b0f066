/** One line of a terminal progress bar: "[######----] 12/30 sources  4.2s  fsf-press". */
export function progressLine(done: number, total: number, elapsedMs: number, label: string, width = 24): string {
  const filled = total ? Math.round((done / total) * width) : width;
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  return `[${bar}] ${done}/${total} sources  ${(elapsedMs / 1000).toFixed(1)}s  ${label.slice(0, 30).padEnd(30)}`;
}
