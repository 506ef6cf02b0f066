/** Waits for work in flight, but never longer than `ms`: shutdown must not hang on a stuck peer. */
export async function waitAtMost(work: Promise<unknown> | null, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise((r) => { timer = setTimeout(r, ms); timer.unref(); });
  await Promise.race([work ?? Promise.resolve(), grace]);
  clearTimeout(timer);
}
