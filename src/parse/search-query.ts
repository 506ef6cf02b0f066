// The search language of the API (as in FreshRSS): words, "phrases", OR, -exclusion, prefix*,
// and inline filters entity:, type:, region:, source:. User text never reaches FTS5 as syntax:
// every term is re-quoted, so odd input is read leniently or refused with a message.
import { eventTypes, type EventType } from '../domain/types.js';

/** Search text that cannot be read; the HTTP layer answers it with a 400. */
export class SearchSyntaxError extends Error {}

const badRequest = (message: string, _code?: string) => new SearchSyntaxError(message);

export interface ParsedSearch {
  /** The FTS5 MATCH expression, or null when the text held only filters. */
  match: string | null;
  entity?: string;
  type?: EventType;
  region?: string;
  source?: string;
}

type Atom = { kind: 'term'; text: string; prefix: boolean } | { kind: 'phrase'; text: string };
interface Token { atom?: Atom; or?: true; negate?: boolean; filter?: [string, string] }

const wordRe = /[\p{L}\p{N}]+/gu;
const filterKeys = new Set(['entity', 'type', 'region', 'source']);

function quote(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

function atomToFts(a: Atom): string {
  return a.kind === 'phrase' ? quote(a.text) : `${quote(a.text)}${a.prefix ? ' *' : ''}`;
}

/** Splits the text into tokens; an unbalanced quote runs to the end, stray symbols are dropped. */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const s = input.normalize('NFKC');
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (/\s/.test(ch)) { i++; continue; }
    let negate = false;
    if (ch === '-' && i + 1 < s.length && !/\s/.test(s[i + 1]!)) { negate = true; i++; }
    // key:value or key:"value"
    const kv = /^([a-z]+):("([^"]*)"?|[^\s]+)/i.exec(s.slice(i));
    if (kv && filterKeys.has(kv[1]!.toLowerCase())) {
      tokens.push({ filter: [kv[1]!.toLowerCase(), (kv[3] ?? kv[2]!).trim()] });
      i += kv[0].length;
      continue;
    }
    if (s[i] === '"') {
      const end = s.indexOf('"', i + 1);
      const body = s.slice(i + 1, end < 0 ? s.length : end);
      i = end < 0 ? s.length : end + 1;
      const words = body.match(wordRe);
      if (words) tokens.push({ atom: { kind: 'phrase', text: words.join(' ') }, negate });
      continue;
    }
    const m = /^[^\s"]+/.exec(s.slice(i))!;
    i += m[0].length;
    const raw = m[0];
    if (raw === 'OR' || raw === '|') { tokens.push({ or: true }); continue; }
    if (raw === 'AND' || raw === '&&') continue;
    const prefix = raw.endsWith('*');
    const words = raw.match(wordRe);
    if (!words) continue; // "*", "NEAR(", "()" and other bare symbols carry no term
    // "e-mail" or "U.S." become a phrase of their parts, as the FTS tokenizer would see them.
    const atom: Atom = words.length > 1 ? { kind: 'phrase', text: words.join(' ') } : { kind: 'term', text: words[0]!, prefix: prefix && words[0]!.length >= 2 };
    tokens.push({ atom, negate });
  }
  return tokens;
}

export function parseSearch(input: string): ParsedSearch {
  const out: ParsedSearch = { match: null };
  const groups: Atom[][] = [];
  const excluded: Atom[] = [];
  let joinNext = false;
  for (const t of tokenize(input)) {
    if (t.filter) {
      applyFilter(out, t.filter[0], t.filter[1]);
      continue;
    }
    if (t.or) { joinNext = groups.length > 0; continue; }
    if (!t.atom) continue;
    if (t.negate) { excluded.push(t.atom); joinNext = false; continue; }
    if (joinNext) groups[groups.length - 1]!.push(t.atom);
    else groups.push([t.atom]);
    joinNext = false;
  }
  if (groups.length === 0 && excluded.length > 0) throw badRequest('q: a search needs at least one term that is not excluded (e.g. "chips -tariffs")', 'bad_query');
  if (groups.length > 32) throw badRequest('q: at most 32 terms', 'bad_query');
  if (groups.length) {
    const positive = groups.map((g) => (g.length > 1 ? `(${g.map(atomToFts).join(' OR ')})` : atomToFts(g[0]!))).join(' AND ');
    out.match = excluded.length ? `(${positive}) NOT (${excluded.map(atomToFts).join(' OR ')})` : positive;
  }
  return out;
}

function applyFilter(out: ParsedSearch, key: string, value: string): void {
  if (!value) throw badRequest(`q: ${key}: needs a value`, 'bad_query');
  if (key === 'type') {
    const v = value.toLowerCase();
    if (!(eventTypes as readonly string[]).includes(v)) throw badRequest(`q: type:${value} is not an event type (${eventTypes.join(', ')})`, 'bad_query');
    out.type = v as EventType;
  } else if (key === 'region') {
    const v = value.toUpperCase();
    if (!/^([A-Z]{2}|EU)$/.test(v)) throw badRequest(`q: region:${value} is not an ISO 3166-1 alpha-2 code or EU`, 'bad_query');
    out.region = v;
  } else if (key === 'entity') {
    out.entity = value;
  } else {
    out.source = value;
  }
}
