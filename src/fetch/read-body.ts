// Reads a response body through the decompressors its Content-Encoding names, counting the
// decoded bytes: a 10 KB gzip can inflate to gigabytes, so the cap must apply after inflation
// and stop the stream the moment it is crossed, not after buffering everything.
import type { IncomingMessage } from 'node:http';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import zlib from 'node:zlib';
import { FetchError } from './types.js';

export const ACCEPT_ENCODING = 'gzip, deflate, br';

export function readBody(res: IncomingMessage, url: string, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(res.headers['content-length']);
    if (declared > maxBytes) {
      res.destroy();
      return reject(new FetchError('too_large', `too large: Content-Length ${formatBytes(declared)} is over the ${formatBytes(maxBytes)} limit`, url));
    }
    let decoders: Transform[];
    try {
      decoders = decodersFor(res.headers['content-encoding'], url);
    } catch (err) {
      res.destroy();
      return reject(err);
    }
    const streams: Readable[] = [res, ...decoders];
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;

    const finish = (err: FetchError | null) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (!err) return resolve(Buffer.concat(chunks, size));
      for (const s of streams) s.destroy();
      reject(err);
    };
    const onAbort = () => finish(signal.reason as FetchError);
    signal.addEventListener('abort', onAbort, { once: true });

    res.on('error', (e) => finish(new FetchError('network', `connection lost while reading the body: ${e.message}`, url, { cause: e })));
    for (const d of decoders) {
      d.on('error', (e) => finish(new FetchError('decode', `cannot decompress the body: ${e.message}`, url, { cause: e })));
    }
    const tail = decoders.reduce<Readable>((source, d) => source.pipe(d), res);
    tail.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) return finish(new FetchError('too_large', `too large: ${decoders.length ? 'inflates to ' : ''}more than ${formatBytes(maxBytes)}`, url));
      chunks.push(chunk);
    });
    tail.on('end', () => finish(null));
    if (signal.aborted) onAbort();
  });
}

/** 10485760 → "10 MB": limits are shown to operators in source health. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

/** Decompressors in the order to apply them (the header lists codings in the order applied). */
function decodersFor(header: string | undefined, url: string): Transform[] {
  if (!header) return [];
  const codings = header.toLowerCase().split(',').map((c) => c.trim()).filter((c) => c && c !== 'identity');
  return codings.reverse().map((coding) => {
    if (coding === 'gzip' || coding === 'x-gzip') return zlib.createGunzip(lenient);
    if (coding === 'br') return zlib.createBrotliDecompress();
    if (coding === 'deflate') return new DeflateEitherWay();
    throw new FetchError('decode', `unsupported Content-Encoding "${coding}"`, url);
  });
}

// A body cut short before the gzip trailer is common with sloppy servers that still close the
// connection cleanly; keep what inflated so far instead of failing the whole feed.
const lenient = { finishFlush: zlib.constants.Z_SYNC_FLUSH };

/**
 * "deflate" should mean zlib-wrapped data, but some servers send raw deflate. The first byte
 * tells: a zlib header has compression method 8 in its low nibble, so pick the inflater then.
 */
class DeflateEitherWay extends Transform {
  private inner: Transform | null = null;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.inner ??= this.start((chunk[0] ?? 0) & 0x0f);
    if (this.inner.write(chunk)) done();
    else this.inner.once('drain', done);
  }

  override _flush(done: TransformCallback): void {
    if (!this.inner) return done();
    this.inner.once('end', done);
    this.inner.end();
  }

  override _destroy(err: Error | null, done: (error: Error | null) => void): void {
    this.inner?.destroy();
    done(err);
  }

  private start(method: number): Transform {
    const inflater = method === 8 ? zlib.createInflate(lenient) : zlib.createInflateRaw(lenient);
    inflater.on('data', (d: Buffer) => this.push(d));
    inflater.on('error', (e) => this.destroy(e));
    return inflater;
  }
}
