// Lets the event loop run between slices of synchronous work: the crawl shares its process with
// the HTTP server, and a request waits for whatever the loop is doing.
//
// The yields of every crawl in the process wait in one line, and one of them resumes per turn of
// the loop. Each turn the server first reads and answers every request that has arrived, then one
// crawl slice runs. Six sources in flight no longer resume together (six slices back to back
// held every waiting request for all of them), and a crawl on an idle server loses nothing: its
// turns are then microseconds apart.
const waiting: (() => void)[] = [];
let draining = false;

export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!draining) { draining = true; setImmediate(resumeOne); }
  });
}

function resumeOne(): void {
  const next = waiting.shift();
  if (waiting.length > 0) setImmediate(resumeOne);
  else draining = false;
  next?.();
}

/** A clock for slices: true once `ms` have passed since the last call that returned true. */
export function sliceTimer(ms = 10): () => boolean {
  let stop = performance.now() + ms;
  return () => {
    if (performance.now() < stop) return false;
    stop = performance.now() + ms;
    return true;
  };
}
