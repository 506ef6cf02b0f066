// Politeness: one request at a time per host, a minimum gap between request starts to the same
// host, and a global cap on requests in flight. A crawl pass fires every due source at once;
// this is what keeps that from hammering one publisher that hosts ten of our feeds, or opening
// hundreds of sockets.

type Release = () => void;

/** A counting semaphore with a FIFO queue, so no waiter starves. */
export class Semaphore {
  private active = 0;
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async acquire(): Promise<Release> {
    if (this.active < this.limit) this.active++;
    else await new Promise<void>((resolve) => this.waiters.push(resolve)); // the slot is handed over
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.active--;
    };
  }
}

interface HostState { lock: Semaphore; lastStart: number; users: number }

export class Politeness {
  private readonly global: Semaphore;
  private readonly hosts = new Map<string, HostState>();

  constructor(maxConcurrency: number, private readonly intervalMs: number) {
    this.global = new Semaphore(Math.max(1, maxConcurrency));
  }

  /**
   * Waits for this host's turn (its previous request done and the interval since that one
   * started passed), then for a global slot. The host comes first so that many requests queued
   * for one slow host do not sit on global slots other hosts could use.
   */
  async enter(host: string): Promise<Release> {
    const state = this.hosts.get(host) ?? { lock: new Semaphore(1), lastStart: -Infinity, users: 0 };
    this.hosts.set(host, state);
    state.users++;
    const releaseHost = await state.lock.acquire();
    const wait = state.lastStart + this.intervalMs - Date.now();
    if (wait > 0) await sleep(wait);
    const releaseGlobal = await this.global.acquire();
    state.lastStart = Date.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      releaseGlobal();
      releaseHost();
      state.users--;
      this.forgetIdleHosts();
    };
  }

  /** Drops hosts nobody is waiting for whose interval has passed, so the map stays small. */
  private forgetIdleHosts(): void {
    const now = Date.now();
    for (const [host, s] of this.hosts) {
      if (s.users === 0 && now - s.lastStart >= this.intervalMs) this.hosts.delete(host);
    }
  }
}

// Not unref'd on purpose: in `radar crawl` this wait may be the only thing the process has left
// to do, and an unref'd timer would let it exit before the queued fetches ran.
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
