// A real SMTP server (smtp-server) on 127.0.0.1 for tests and the digest benchmark. It keeps
// every message it accepts, raw and parsed with mailparser's simpleParser, and can be told to
// refuse messages (4xx/5xx), to be slow, or to stop answering partway through a run.
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

// mailparser ships no type declarations: the little of it the tests read, typed here.
export interface ParsedMail {
  subject?: string; text?: string; html?: string | false; messageId?: string; date?: Date;
  headers: Map<string, unknown>; headerLines: { key: string; line: string }[];
  to?: { text: string }; from?: { text: string };
}
const { simpleParser } = createRequire(import.meta.url)('mailparser') as { simpleParser(source: Buffer): Promise<ParsedMail> };

export interface ReceivedMail { to: string[]; from: string; raw: string; parsed: ParsedMail }

/** What the server answers to one message: accept it, or refuse with an SMTP code. */
export type Verdict = 'accept' | { code: number; message: string };

export interface TestSmtp {
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** Recipients of accepted messages, in order (also kept in sink mode). */
  recipients: string[];
  /** Decides each message after its DATA has arrived; `n` counts every DATA, accepted or not. */
  verdict: (n: number, to: string[]) => Verdict;
  /** Milliseconds to wait before answering each DATA (a slow relay). */
  delayMs: number;
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** `sink`: accept and count without keeping or parsing (the benchmark). */
export async function startSmtp(opts: { sink?: boolean } = {}): Promise<TestSmtp> {
  let dataCount = 0;
  const state: TestSmtp = {
    url: '', port: 0, messages: [], recipients: [], verdict: () => 'accept', delayMs: 0,
    waitFor: async (count, timeoutMs = 10_000) => {
      const end = Date.now() + timeoutMs;
      while (state.recipients.length < count) {
        if (Date.now() > end) throw new Error(`SMTP: ${state.recipients.length} of ${count} messages arrived`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['AUTH', 'STARTTLS'], hideSTARTTLS: true, logger: false, banner: 'test smtp',
    size: 10 * 1024 * 1024,
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => { if (!opts.sink) chunks.push(c); });
      stream.on('end', () => {
        const n = ++dataCount;
        const to = session.envelope.rcptTo.map((r) => r.address);
        const answer = async () => {
          if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
          const v = state.verdict(n, to);
          if (v !== 'accept') return callback(Object.assign(new Error(v.message), { responseCode: v.code }));
          if (!opts.sink) {
            const raw = Buffer.concat(chunks);
            state.messages.push({ to, from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', raw: raw.toString('utf8'), parsed: await simpleParser(raw) });
          }
          state.recipients.push(...to);
          callback();
        };
        void answer();
      });
    },
  });
  server.on('error', () => {}); // a client hanging up mid-session is not a test failure
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.port = (server.server.address() as AddressInfo).port;
  state.url = `smtp://127.0.0.1:${state.port}`;
  state.close = () => new Promise((r) => server.close(() => r()));
  return state;
}

/** The raw header block of a message, as sent (folded lines kept). */
export function rawHeaders(raw: string): string {
  return raw.slice(0, raw.indexOf('\r\n\r\n'));
}
