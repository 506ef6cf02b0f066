// A stand-in for an OpenAI-compatible local model server (vLLM, Ollama, llama.cpp) on 127.0.0.1:
// it records every request and answers according to `mode`, which covers the ways real local
// models misbehave: fenced or prose-wrapped JSON, garbage, schema violations, cut-off answers,
// server errors, and a server that accepts the connection and never answers.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type LlmMode =
  | 'valid' | 'fenced' | 'garbage' | 'hang' | 'http500' | 'schema' | 'truncated'
  | 'not-json-envelope' | 'no-content' | 'huge';

export interface RecordedRequest { method: string; path: string; headers: IncomingHttpHeaders; body: any }

export interface FakeLlmServer {
  url: string;
  requests: RecordedRequest[];
  /** The answer for every request not covered by `queue`. */
  mode: LlmMode;
  /** Modes for the next requests, consumed first (e.g. ['garbage'] then `mode` for the retry). */
  queue: LlmMode[];
  close(): Promise<void>;
}

export const FAKE_MODEL = 'fake-model-7b';

export const sampleAnswer = {
  summary: 'Alibaba has barred its employees from using Claude and ChatGPT at work, citing data security, which pushes staff toward in-house models.',
  entities: [
    { name: 'Alibaba', kind: 'company', role: 'actor', confidence: 0.95 },
    { name: 'Claude', kind: 'product', role: 'target', confidence: 0.9 },
    { name: 'employees reliant on external AI tools', kind: 'group', role: 'affected', confidence: 0.7 },
  ],
  impacts: [
    { statement: 'Another Chinese technology company restricts US AI tools for its staff', confidence: 0.6, horizon_days: 90, basis: 'Peers followed earlier corporate AI bans.' },
    { statement: 'Alibaba expands internal use of its Qwen models', confidence: 0.7, horizon_days: 180, basis: 'The ban leaves a gap the in-house model fills.' },
  ],
};

/** The assistant message content each mode sends (modes without a normal completion return null). */
function contentFor(mode: LlmMode): string | null {
  const json = JSON.stringify(sampleAnswer, null, 2);
  switch (mode) {
    case 'valid': return JSON.stringify(sampleAnswer);
    // Prose around a fence, trailing commas, the way chatty instruction-tuned models answer.
    case 'fenced': return `Sure! Here is the analysis:\n\`\`\`json\n${json.replace(/([\d"}\]])\n(\s*[}\]])/g, '$1,\n$2')}\n\`\`\`\nLet me know if you need more.`;
    case 'garbage': return 'I am sorry, but I cannot analyse this story right now.';
    case 'schema': return JSON.stringify({
      summary: `  ${'word '.repeat(200)}  `,
      entities: [
        { name: ' Alibaba ', kind: 'Company', role: 'actor', confidence: 7 },
        { name: 'Zorg', kind: 'alien', role: 'actor', confidence: 0.5 },
        { name: 'Claude', kind: 'product', role: 'bystander', confidence: 0.5 },
      ],
      impacts: [
        { statement: 'Peers follow', confidence: -2, horizon_days: 99999.4, basis: 'history' },
        { statement: 'Fractional horizon', confidence: '0.4', horizon_days: 45.6 },
        { statement: '', confidence: 0.5, horizon_days: 30, basis: 'empty statement' },
        ...Array.from({ length: 5 }, (_, i) => ({ statement: `Extra ${i}`, confidence: 0.1, horizon_days: 30, basis: '' })),
      ],
    });
    // Cut off by a token limit in the middle of the second impact's statement.
    case 'truncated': return json.slice(0, json.indexOf('Alibaba expands') + 10);
    default: return null;
  }
}

export async function startFakeLlmServer(mode: LlmMode = 'valid'): Promise<FakeLlmServer> {
  const state: FakeLlmServer = { url: '', requests: [], mode, queue: [], close: async () => {} };
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      let body: unknown = raw;
      try { body = JSON.parse(raw); } catch { /* keep the raw text */ }
      state.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      if (req.method !== 'POST' || !['/v1/chat/completions', '/chat/completions'].includes((req.url ?? '').split('?')[0]!)) {
        return res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
      }
      const m = state.queue.shift() ?? state.mode;
      res.on('error', () => {}); // the client may hang up mid-answer (timeouts, size cap)
      if (m === 'hang') return; // accept, read the request, never answer
      if (m === 'http500') return res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"CUDA out of memory"}}');
      if (m === 'not-json-envelope') return res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Welcome to nginx!</body></html>');
      if (m === 'huge') {
        res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no Content-Length to reject early
        return res.end(`{"choices":[{"message":{"content":"${'x'.repeat(3 * 1024 * 1024)}"}}]}`);
      }
      const content = contentFor(m);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
        id: 'chatcmpl-1', object: 'chat.completion', model: FAKE_MODEL,
        choices: [{ index: 0, finish_reason: m === 'truncated' ? 'length' : 'stop', message: { role: 'assistant', content } }],
      }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); });
  return state;
}
