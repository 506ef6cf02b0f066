// The load benchmark's server: a child process running startRadar (what `npm start` runs) with
// an event-loop probe, so the crawl shares the server's event loop and SQLite connection as in
// production while the load generator runs elsewhere. `node --import tsx load-server.ts` is the
// child; startLoadServer() is the parent's handle on it (stdin: "stalls"; stdin closed: stop).
import { spawn } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { projectRoot } from '../helpers/corpora.js';
import { loadConfig } from '../../src/config.js';
import { startRadar } from '../../src/main.js';

/** [when (epoch ms), how long (ms)]: an event-loop stall, or a request the server answered. */
export type Stall = [number, number];
export interface Probe { stalls: Stall[]; served: Stall[] }
export interface LoadServer { port: number; probe(): Promise<Probe>; stop(): Promise<string> }

export async function startLoadServer(env: Record<string, string>): Promise<LoadServer> {
  // LOAD_SERVER_PROF=DIR writes a CPU profile of the server (node --cpu-prof) to find where its time goes.
  const child = spawn(process.execPath, [...(process.env.LOAD_SERVER_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.LOAD_SERVER_PROF] : []), '--import', 'tsx', join(projectRoot, 'test/bench/load-server.ts')], {
    cwd: projectRoot, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-20_000); });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<unknown> => {
    const r = await lines.next();
    if (r.done) throw new Error(`the load server exited:\n${stderr}`);
    return JSON.parse(r.value);
  };
  const ready = await nextLine() as { port: number };
  return {
    port: ready.port,
    async probe() { child.stdin.write('probe\n'); return await nextLine() as Probe; },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.stdin.end();
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      return stderr;
    },
  };
}

/**
 * Two views from inside the server. A 10 ms timer that fires more than 50 ms late was held up by
 * one long turn of the event loop: when, and for how long. And each request's time inside the
 * server, from its headers parsed to its response finished (Node's http diagnostics channels):
 * set against the clients' latency, it tells waiting to be read from being slow to answer.
 */
function startProbe(tickMs = 10) {
  let stalls: Stall[] = [];
  let served: Stall[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    const late = now - last - tickMs;
    if (late > 50) stalls.push([Date.now(), Math.round(late * 10) / 10]);
    last = now;
  }, tickMs);
  const started = new WeakMap<object, number>();
  // GETs only: the crawl's own POSTs last as long as a source's pass and are not the API's load.
  const onStart = (m: unknown) => { const r = (m as { request: { method?: string } }).request; if (r.method === 'GET') started.set(r, performance.now()); };
  const onFinish = (m: unknown) => {
    const t0 = started.get((m as { request: object }).request);
    if (t0 !== undefined) served.push([Date.now(), Math.round((performance.now() - t0) * 10) / 10]);
  };
  subscribe('http.server.request.start', onStart);
  subscribe('http.server.response.finish', onFinish);
  return {
    take(): Probe { const r = { stalls, served }; stalls = []; served = []; return r; },
    stop() {
      clearInterval(timer);
      unsubscribe('http.server.request.start', onStart);
      unsubscribe('http.server.response.finish', onFinish);
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const toStderr = (m: string) => console.error(m);
  const radar = await startRadar(loadConfig(), { info() {}, warn: toStderr, error: toStderr });
  const probe = startProbe();
  console.log(JSON.stringify({ port: radar.port }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'probe') console.log(JSON.stringify(probe.take()));
  }
  probe.stop();
  await radar.stop();
}
