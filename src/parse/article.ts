// Full-article extraction: the source's own body selector when it has one, otherwise
// Mozilla Readability over a linkedom DOM, then our clean-up and text conversion. Measured
// on the article-extraction-benchmark (test/eval/extraction.ts): see cleanArticle for why
// the post-processing exists.
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { cleanArticle, rescueEmbeds } from './article-clean.js';
import { findLang, findStatedDate, findTimeIn, findTitle, readJsonLd, readRuleDate, type MetaDoc, type Scope } from './article-meta.js';
import { nodeToText, type TextNodeLike } from './article-text.js';
import { sanitizeHtml } from './sanitize.js';

export interface ExtractedArticle {
  title: string | null;
  /** Plain text, paragraphs separated by "\n\n". */
  text: string;
  /** Sanitized article HTML. */
  html: string;
  byline: string | null;
  /** ISO UTC, only when the page states it. */
  publishedAt: string | null;
  lang: string | null;
}

export interface ArticleRules {
  body: string;
  date?: string;
  date_attr?: string;
}

type Doc = ReturnType<typeof parseHTML>['document'];
type Elem = NonNullable<ReturnType<Doc['querySelector']>>;

/** linkedom, unlike a browser, builds no <html>/<body> around a fragment; Readability needs them. */
// Scripts, styles, inline SVG icons and comments never hold article text but make up most of
// a page's bytes and many of its nodes; linkedom's per-node cost makes dropping them first the
// cheapest speed-up. JSON-LD scripts stay: they carry the headline and dates.
const inert = /<script\b(?![^>]*application\/ld\+json)[^>]*>[\s\S]*?<\/script\s*>|<style\b[^>]*>[\s\S]*?<\/style\s*>|<svg\b[^>]*>[\s\S]*?<\/svg\s*>|<!--[\s\S]*?-->/gi;

function parseDocument(raw: string): Doc {
  const html = process.env.NOSTRIP ? raw : raw.replace(inert, '');
  const whole = /<html[\s>]/i.test(html) ? html : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
  return parseHTML(whole).document;
}

/** Every element the selector matches, minus those nested in an earlier match. */
function selectBody(doc: Doc, selector: string): Elem[] {
  let found: Elem[];
  try {
    found = Array.from(doc.querySelectorAll(selector)) as Elem[];
  } catch {
    return []; // a bad selector in the sources file falls back to Readability
  }
  return found.filter((el) => !found.some((other) => other !== el && other.contains(el)));
}

function fromRules(doc: Doc, selector: string): Elem | null {
  const matches = selectBody(doc, selector);
  if (matches.length === 0) return null;
  for (const el of matches) el.querySelectorAll('script,style,noscript,template').forEach((x: Elem) => x.remove());
  if (matches.length === 1) return matches[0]!;
  const wrapper = doc.createElement('div');
  for (const el of matches) wrapper.appendChild(el);
  return wrapper as Elem;
}

function fromReadability(doc: Doc): { root: Elem; title: string | null; byline: string | null } | null {
  // Readability mutates the document and rejects a document without a body.
  if (!doc.documentElement || !doc.body) return null;
  rescueEmbeds(doc);
  if (process.env.PRUNE) for (const el of Array.from(doc.querySelectorAll(process.env.PRUNE))) (el as Elem).remove();
  const reader = new Readability(doc as unknown as Document, {
    keepClasses: true, // cleanArticle reads class names; the sanitizer drops them afterwards
    serializer: (el) => el,
  });
  const result = reader.parse();
  if (!result?.content) return null;
  return { root: result.content as unknown as Elem, title: result.title ?? null, byline: result.byline ?? null };
}

const clip = (s: string | null | undefined): string | null => {
  const t = (s ?? '').replace(/\s+/g, ' ').trim();
  return t ? t : null;
};

/**
 * Extracts the article from a page. Pure (no I/O). `rules.body`, when given and matching,
 * wins over Readability. Returns null when no article text is found.
 */
export function extractArticle(html: string, url: string, rules?: ArticleRules): ExtractedArticle | null {
  if (!html || !html.trim()) return null;
  const doc = parseDocument(html);
  const metaDoc = doc as unknown as MetaDoc;
  // Metadata first: Readability strips scripts (JSON-LD) and rewrites the tree.
  const jsonLd = readJsonLd(metaDoc);
  const pageTitle = findTitle(metaDoc, jsonLd);
  const lang = findLang(metaDoc, jsonLd);
  const ruleDate = rules?.date ? readRuleDate(metaDoc, rules.date, rules.date_attr) : null;
  const statedDate = findStatedDate(metaDoc, jsonLd);
  const articleTime = findTimeIn(doc.querySelector('article') as Scope | null);
  const metaByline = clip(doc.querySelector('meta[name="author"]')?.getAttribute('content'));

  let root: Elem | null = rules?.body ? fromRules(doc, rules.body) : null;
  let title = pageTitle;
  let byline = metaByline;
  if (!root) {
    let picked: ReturnType<typeof fromReadability> = null;
    try {
      picked = fromReadability(doc);
    } catch {
      picked = null; // a page Readability cannot walk is "no article", not a crawl failure
    }
    if (!picked) return null;
    root = picked.root;
    title = clip(picked.title) ?? pageTitle;
    byline = clip(picked.byline) ?? metaByline;
  }
  // A <time> inside the extracted body counts too; read it before clean-up removes it.
  const publishedAt = ruleDate ?? statedDate ?? findTimeIn(root as unknown as Scope) ?? articleTime;
  cleanArticle(root as never, [title ?? '', pageTitle ?? '']);
  const text = nodeToText(root as unknown as TextNodeLike);
  if (!text) return null;
  return { title, text, html: sanitizeHtml(root.innerHTML, url), byline, publishedAt, lang };
}
