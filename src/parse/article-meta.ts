// Page metadata an article states about itself. Dates come only from what the page declares
// (meta article:published_time, schema.org datePublished, <time datetime>); never guessed.
import { toIsoUtc } from '../domain/time.js';

/** The slice of the DOM API read here; a linkedom Document satisfies it. */
export interface MetaDoc {
  documentElement: { getAttribute(name: string): string | null } | null;
  querySelector(selector: string): MetaEl | null;
  querySelectorAll(selector: string): ArrayLike<MetaEl>;
}
interface MetaEl {
  textContent: string | null;
  getAttribute(name: string): string | null;
}
export interface Scope {
  querySelector(selector: string): MetaEl | null;
}

const publishedMeta = [
  'meta[property="article:published_time"]',
  'meta[name="article:published_time"]',
  'meta[itemprop="datePublished"]',
  'meta[property="og:published_time"]',
  'meta[name="parsely-pub-date"]',
  'meta[name="dc.date.issued" i]',
  'meta[name="dcterms.created" i]',
  'meta[name="pubdate"]',
  'meta[name="publish-date"]',
  'meta[name="date"]',
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every object in the page's JSON-LD blocks, @graph and arrays flattened. */
export function readJsonLd(doc: MetaDoc): Record<string, Json>[] {
  const out: Record<string, Json>[] = [];
  const visit = (v: Json, depth: number): void => {
    if (depth > 4 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) { for (const x of v) visit(x, depth + 1); return; }
    out.push(v);
    if (v['@graph']) visit(v['@graph'], depth + 1);
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      // CDATA wrappers and stray control characters are common in the wild.
      const text = (script.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '').replace(/[\u0000-\u001f]+/g, ' ');
      visit(JSON.parse(text) as Json, 0);
    } catch {
      // A broken JSON-LD block says nothing; the other sources still may.
    }
  }
  return out;
}

const isArticleType = (t: Json | undefined): boolean =>
  (Array.isArray(t) ? t : [t]).some((x) => typeof x === 'string' && /Article|Posting|Report|NewsArticle|BlogPosting/i.test(x));

function fromJsonLd(items: Record<string, Json>[], key: string): string | null {
  // An Article's own value beats a WebPage's or a breadcrumb's.
  const ordered = [...items.filter((i) => isArticleType(i['@type'])), ...items.filter((i) => !isArticleType(i['@type']))];
  for (const item of ordered) {
    const v = item[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return null;
}

/** The publication date the page declares in its metadata, as ISO UTC; null when it does not. */
export function findStatedDate(doc: MetaDoc, jsonLd: Record<string, Json>[]): string | null {
  for (const sel of publishedMeta) {
    const iso = toIsoUtc(doc.querySelector(sel)?.getAttribute('content'));
    if (iso) return iso;
  }
  const ld = toIsoUtc(fromJsonLd(jsonLd, 'datePublished'));
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
export function findLang(doc: MetaDoc, jsonLd: Record<string, Json>[]): string | null {
  const candidates = [
    doc.documentElement?.getAttribute('lang'),
    doc.documentElement?.getAttribute('xml:lang'),
    doc.querySelector('meta[http-equiv="content-language" i]')?.getAttribute('content'),
    doc.querySelector('meta[property="og:locale"]')?.getAttribute('content'),
    fromJsonLd(jsonLd, 'inLanguage'),
  ];
  for (const c of candidates) {
    const tag = (c ?? '').split(',')[0]!.trim().replace(/_/g, '-');
    if (!langPattern.test(tag)) continue;
    const [primary, ...rest] = tag.split('-');
    return [primary!.toLowerCase(), ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p))].join('-');
  }
  return null;
}

/** The page's own headline when Readability found none. */
export function findTitle(doc: MetaDoc, jsonLd: Record<string, Json>[]): string | null {
  const candidates = [
    doc.querySelector('meta[property="og:title"]')?.getAttribute('content'),
    fromJsonLd(jsonLd, 'headline'),
    doc.querySelector('title')?.textContent,
    doc.querySelector('h1')?.textContent,
  ];
  for (const c of candidates) {
    const t = (c ?? '').replace(/\s+/g, ' ').trim();
    if (t) return t;
  }
  return null;
}
