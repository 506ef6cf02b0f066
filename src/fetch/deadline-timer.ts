// Timers for network deadlines that do not blame a server for our own stalls. The crawl shares
// one thread with synchronous work (an ingest of hundreds of items holds the event loop for
// seconds on a busy machine); meanwhile the connection may have opened and the body arrived, but
// when the loop frees, expired timers run before that I/O is seen. So an expired deadline first
// lets one round of pending I/O through (setImmediate runs after the poll phase), and a timer
// that fired late grants the time it was late once more, since the server could not be heard.

/** Late by more than this, the event loop was held, not merely busy. */
const stallMs = 100;

/** Calls onExpire after ms (unless cancelled); returns the cancel function. */
export function startDeadlineTimer(ms: number, onExpire: () => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  let immediate: NodeJS.Immediate | null = null;
  let extended = false;
  let due = performance.now() + ms;
  const arm = (delay: number) => {
    timer = setTimeout(fire, delay);
    timer.unref(); // a pending deadline alone must not keep the process alive
  };
  function fire(): void {
    const late = performance.now() - due;
    if (!extended && late > stallMs) {
      extended = true;
      due = performance.now() + late;
      return arm(late);
    }
    // Not unref'd: an unref'd immediate does not stop the loop from blocking in its poll phase,
    // so it ran only when some other timer woke the loop (a 200 ms deadline took 5 s).
    immediate = setImmediate(onExpire);
  }
  arm(ms);
  return () => {
    if (timer) clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
  };
}
