// Page metadata an article states about itself. Dates come only from what the page declares
// (meta article:published_time, schema.org datePublished, <time datetime>); never guessed.
import { toIsoUtc } from '../domain/time.js';

/** The slice of the DOM API read here; a linkedom Document satisfies it. */
export interface MetaDoc {
  documentElement: MetaEl | null;
  querySelector(selector: string): MetaEl | null;
  getElementsByTagName(tag: string): ArrayLike<MetaEl>;
}
export interface MetaEl {
  textContent: string | null;
  getAttribute(name: string): string | null;
}
export interface Scope {
  querySelector(selector: string): MetaEl | null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = Record<string, Json>;

/** What the page says about itself, gathered in one pass over <meta> and JSON-LD. */
export interface PageMeta {
  /** meta content by lower-cased property, name, itemprop or http-equiv; first one wins. */
  meta: Map<string, string>;
  jsonLd: JsonObject[];
}

export function readPageMeta(doc: MetaDoc): PageMeta {
  const meta = new Map<string, string>();
  for (const el of Array.from(doc.getElementsByTagName('meta'))) {
    const content = el.getAttribute('content');
    if (!content) continue;
    for (const attr of ['property', 'name', 'itemprop', 'http-equiv']) {
      // itemprop may list several properties: itemprop="datePublished dateCreated".
      for (const key of (el.getAttribute(attr) ?? '').toLowerCase().split(/\s+/)) {
        if (key && !meta.has(key)) meta.set(key, content.trim());
      }
    }
  }
  return { meta, jsonLd: readJsonLd(doc) };
}

/** JSON, forgiving the trailing commas hand-written JSON-LD often has. */
function parseLenient(text: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return JSON.parse(text.replace(/,\s*([\]}])/g, '$1')) as Json;
  }
}

/** Every object in the page's JSON-LD blocks, @graph and arrays flattened. */
function readJsonLd(doc: MetaDoc): JsonObject[] {
  const out: JsonObject[] = [];
  const visit = (v: Json, depth: number): void => {
    if (depth > 4 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) { for (const x of v) visit(x, depth + 1); return; }
    out.push(v);
    if (v['@graph']) visit(v['@graph'], depth + 1);
  };
  for (const script of Array.from(doc.getElementsByTagName('script'))) {
    if (!/ld\+json/i.test(script.getAttribute('type') ?? '')) continue;
    try {
      // CDATA wrappers and raw control characters inside strings are common in the wild.
      const text = (script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '').replace(/[\u0000-\u001f]+/g, ' ');
      visit(parseLenient(text), 0);
    } catch {
      // A broken JSON-LD block says nothing; the other sources still may.
    }
  }
  return out;
}

const isArticleType = (t: Json | undefined): boolean =>
  (Array.isArray(t) ? t : [t]).some((x) => typeof x === 'string' && /Article|Posting|Report/i.test(x));

function fromJsonLd(items: JsonObject[], key: string): string | null {
  // An Article's own value beats a WebPage's or a breadcrumb's.
  const ordered = [...items.filter((i) => isArticleType(i['@type'])), ...items.filter((i) => !isArticleType(i['@type']))];
  for (const item of ordered) {
    const v = item[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return null;
}

// In order of trust; all name the first publication, not the last update.
const publishedKeys = [
  'article:published_time', 'og:article:published_time', 'datepublished', 'og:published_time', 'parsely-pub-date',
  'dc.date.issued', 'dcterms.created', 'pubdate', 'publish-date', 'date',
];

/** The publication date the page declares in its metadata, as ISO UTC; null when it does not. */
export function findStatedDate(doc: MetaDoc, page: PageMeta): string | null {
  for (const key of publishedKeys) {
    const iso = toIsoUtc(page.meta.get(key));
    if (iso) return iso;
  }
  const ld = toIsoUtc(fromJsonLd(page.jsonLd, 'datePublished'));
  if (ld) return ld;
  const marked = doc.querySelector('[itemprop="datePublished"][datetime], time[pubdate][datetime]');
  return toIsoUtc(marked?.getAttribute('datetime'));
}

/**
 * The first <time datetime> inside an article element. A bare <time> counts only there: a
 * header clock showing today's date is not a publication date.
 */
export function findTimeIn(scope: Scope | null | undefined): string | null {
  return toIsoUtc(scope?.querySelector('time[datetime]')?.getAttribute('datetime'));
}

/** A date read by the source's own rule (selector, and the attribute holding the date). */
export function readRuleDate(doc: MetaDoc, selector: string, attr?: string): string | null {
  let el: MetaEl | null;
  try { el = doc.querySelector(selector); } catch { return null; }
  if (!el) return null;
  return toIsoUtc(attr ? el.getAttribute(attr) : (el.textContent ?? '').replace(/\s+/g, ' ').trim());
}

const langPattern = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i;

/** BCP 47 language of the page ("en", "pt-BR"), from <html lang>, meta or JSON-LD. */
export function findLang(doc: MetaDoc, page: PageMeta): string | null {
  const candidates = [
    doc.documentElement?.getAttribute('lang'),
    doc.documentElement?.getAttribute('xml:lang'),
    page.meta.get('content-language'),
    page.meta.get('og:locale'),
    fromJsonLd(page.jsonLd, 'inLanguage'),
  ];
  for (const c of candidates) {
    const tag = (c ?? '').split(',')[0]!.trim().replace(/_/g, '-');
    if (!langPattern.test(tag)) continue;
    const [primary, ...rest] = tag.split('-');
    return [primary!.toLowerCase(), ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p))].join('-');
  }
  return null;
}

const squash = (s: string | null | undefined): string | null => {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t ? t : null;
};

/** The page's own headline, for when Readability finds none. */
export function findTitle(doc: MetaDoc, page: PageMeta): string | null {
  return squash(page.meta.get('og:title')) ?? squash(fromJsonLd(page.jsonLd, 'headline'))
    ?? squash(doc.getElementsByTagName('title')[0]?.textContent) ?? squash(doc.getElementsByTagName('h1')[0]?.textContent);
}

/** The author the page names in its metadata. */
export function findAuthor(page: PageMeta): string | null {
  const name = squash(page.meta.get('author'));
  return name && !/^https?:/i.test(name) ? name : null;
}
