// Asks a model the operator runs themselves (vLLM, Ollama, llama.cpp server: anything that speaks
// OpenAI's chat-completions protocol) for its analysis of a story. Deciding whether to call at all
// (RADAR_LLM_URL unset means never) is the caller's job; these functions only take a config.
//
// Deliberately NOT behind the private-address guard the feed fetcher uses: that guard stops
// untrusted feed URLs from reaching the LAN, whereas this URL is set by the operator and normally
// *is* localhost or a LAN box. It is never derived from crawled content.
import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';

export interface LlmConfig { url: string; model: string | null; apiKey: string | null; timeoutMs: number }
export interface ChatMessage { role: 'system' | 'user' | 'assistant'; content: string }

const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

/** base → its chat-completions endpoint; a query string (e.g. an api-version) is kept. */
export function chatCompletionsUrl(base: string): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`local model URL ${JSON.stringify(base)} is not a valid URL`);
  }
  // "localhost:8000" parses as scheme "localhost:", hence the wording.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`local model URL must start with http:// or https://, got ${JSON.stringify(base)}`);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/chat/completions') ? path : path.endsWith('/v1') ? `${path}/chat/completions` : `${path}/v1/chat/completions`;
  return url;
}

const envelopeSchema = z.object({
  model: z.string().optional(),
  choices: z.array(z.object({ message: z.object({ content: z.string().nullish() }) })).min(1),
});

export async function askLocalModel(cfg: LlmConfig, messages: ChatMessage[]): Promise<{ content: string; model: string }> {
  const url = chatCompletionsUrl(cfg.url);
  const where = `${url.origin}${url.pathname}`; // never the userinfo part of the URL in messages
  // response_format asks servers that support it to constrain decoding to JSON; the others ignore it.
  const payload = JSON.stringify({ model: cfg.model ?? 'default', messages, temperature: 0, response_format: { type: 'json_object' } });
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (cfg.apiKey) headers.authorization = `Bearer ${cfg.apiKey}`;

  const { status, body } = await postJson(url, payload, headers, cfg.timeoutMs, where);
  if (status < 200 || status >= 300) throw new Error(`local model at ${where} answered HTTP ${status}: ${excerpt(body)}`);
  let envelope;
  try {
    envelope = envelopeSchema.safeParse(JSON.parse(body));
  } catch {
    throw new Error(`local model at ${where} did not answer with JSON: ${excerpt(body)}`);
  }
  if (!envelope.success) throw new Error(`local model at ${where} answered without choices[0].message: ${excerpt(body)}`);
  const content = envelope.data.choices[0]?.message.content;
  if (!content?.trim()) throw new Error(`local model at ${where} answered with empty content`);
  return { content, model: envelope.data.model || cfg.model || 'default' };
}

/**
 * One POST with a hard deadline over everything: connecting, waiting for headers (a server that
 * accepts and never answers) and reading the body, which is capped in size.
 */
function postJson(url: URL, payload: string, headers: Record<string, string>, timeoutMs: number, where: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, result?: { status: number; body: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(result!);
    };
    const timer = setTimeout(() => finish(new Error(`local model at ${where} did not answer within ${timeoutMs} ms`)), timeoutMs);
    // agent: false: one connection per call, so no idle keep-alive socket holds the CLI open.
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(url, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(payload) }, agent: false }, (res) => {
      const tooBig = new Error(`local model answer exceeds the ${MAX_ANSWER_BYTES}-byte limit`);
      if (Number(res.headers['content-length']) > MAX_ANSWER_BYTES) return finish(tooBig);
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) return finish(tooBig);
        chunks.push(chunk);
      });
      res.on('end', () => finish(null, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => finish(new Error(`connection to local model at ${where} lost: ${e.message}`)));
      res.on('close', () => finish(new Error(`connection to local model at ${where} closed before the answer was complete`)));
    });
    req.on('error', (e) => finish(new Error(`cannot reach local model at ${where}: ${e.message}`)));
    req.end(payload);
  });
}

const excerpt = (body: string) => JSON.stringify(body.length > 200 ? `${body.slice(0, 200)}…` : body);
