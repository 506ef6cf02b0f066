// Lets the event loop run between slices of synchronous work: the crawl shares its process with
// the HTTP server, and a request waits for whatever the loop is doing.
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A clock for slices: true once `ms` have passed since the last call that returned true. */
export function sliceTimer(ms = 10): () => boolean {
  let stop = performance.now() + ms;
  return () => {
    if (performance.now() < stop) return false;
    stop = performance.now() + ms;
    return true;
  };
}
