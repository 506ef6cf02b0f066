// SMTP through nodemailer. Digest runs use a pool (few connections, many messages, a rate
// limit); one-off mails such as confirmations open and close a connection each, so nothing
// lingers in a request handler. Pool settings can be tuned in RADAR_SMTP_URL's query string
// (e.g. smtp://relay:25/?maxConnections=2&rateLimit=20), which nodemailer reads over ours.
import nodemailer, { type NodemailerError, type SendMailOptions } from 'nodemailer';

export interface Mailer {
  /** Resolves with the server's reply once the message is accepted. */
  send(message: SendMailOptions): Promise<{ response: string }>;
  close(): void;
}

export const DEFAULT_RATE_PER_SECOND = 100;

export function smtpMailer(url: string, opts: { pool: boolean }): Mailer {
  const transport = opts.pool
    ? nodemailer.createTransport({
      url, pool: true, maxConnections: 5, maxMessages: 1000, rateLimit: DEFAULT_RATE_PER_SECOND, rateDelta: 1000,
      // Our own retry decides what happens after a dropped connection, with back-off, in one place.
      maxRequeues: 0, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000,
    })
    : nodemailer.createTransport({ url, connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 });
  return {
    async send(message) {
      const info = await transport.sendMail(message);
      return { response: String(info.response ?? '') };
    },
    close: () => transport.close(),
  };
}

export type Failure = 'permanent' | 'transient';

/**
 * A 5xx reply (except 503, a sequencing error) is a refusal that would come back on every try:
 * a hard bounce. A 4xx reply, or no reply at all (connection refused, dropped, timed out),
 * may go through later.
 */
export function classifyFailure(err: unknown): Failure {
  const e = err as NodemailerError;
  if (typeof e?.permanent === 'boolean') return e.permanent ? 'permanent' : 'transient';
  if (typeof e?.responseCode === 'number') return e.responseCode >= 500 && e.responseCode !== 503 ? 'permanent' : 'transient';
  return 'transient';
}

/** True when the failure came with no SMTP reply: the server itself is unreachable. */
export const isConnectionFailure = (err: unknown) => typeof (err as NodemailerError)?.responseCode !== 'number';

export function failureText(err: unknown): string {
  const e = err as NodemailerError;
  return (e?.response ?? (err instanceof Error ? err.message : String(err))).replace(/\s+/g, ' ').slice(0, 300);
}
