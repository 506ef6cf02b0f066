// One HTTP hop: connect (through the address guard, within the connect timeout), send the GET,
// and hand back the response as soon as its headers arrive. The body is left unread so the
// caller can drop it for redirects, 304s and errors without downloading it.
import http, { type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { startDeadlineTimer } from './deadline-timer.js';
import { FetchError } from './types.js';

export interface HopOptions {
  headers: OutgoingHttpHeaders;
  lookup: LookupFunction;
  connectTimeoutMs: number;
  /** Aborted with a FetchError('timeout') when the whole request runs out of time. */
  signal: AbortSignal;
}

export function openResponse(url: URL, o: HopOptions): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    let req: ClientRequest;
    try {
      // agent: false gives every hop its own socket, closed after the response: nothing pooled
      // outlives a fetch, and a hop to a new address never reuses a socket checked for another.
      req = client.request(url, { method: 'GET', headers: o.headers, lookup: o.lookup, agent: false });
    } catch (err) {
      return reject(asFetchError(err, url.href)); // e.g. a header value Node refuses to send
    }

    let settled = false;
    const stopConnectTimer = startDeadlineTimer(o.connectTimeoutMs, () => {
      fail(new FetchError('timeout', `timed out: could not connect within ${o.connectTimeoutMs} ms`, url.href));
    });
    const onAbort = () => fail(o.signal.reason as FetchError);
    o.signal.addEventListener('abort', onAbort, { once: true });
    function settle(): boolean {
      if (settled) return false;
      settled = true;
      stopConnectTimer();
      o.signal.removeEventListener('abort', onAbort);
      return true;
    }
    function fail(err: FetchError): void {
      if (!settle()) return;
      req.destroy();
      reject(err);
    }

    req.on('socket', (socket) => {
      // TLS counts as part of connecting: a server that accepts TCP but stalls the handshake is
      // as unreachable as one that never answers.
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', stopConnectTimer);
    });
    req.on('response', (res) => {
      if (settle()) resolve(res);
      else res.destroy();
    });
    // Stays attached after the response: a late socket error must not become an unhandled
    // 'error' event that crashes the process; the body reader sees it on the response.
    req.on('error', (err) => fail(asFetchError(err, url.href)));
    if (o.signal.aborted) onAbort();
    else req.end();
  });
}

function asFetchError(err: unknown, url: string): FetchError {
  if (err instanceof FetchError) return err; // from the guarded lookup
  const e = err as NodeJS.ErrnoException;
  const code = e.code ? ` (${e.code})` : '';
  return new FetchError('network', `${e.message || 'request failed'}${code}`, url, { cause: err });
}
