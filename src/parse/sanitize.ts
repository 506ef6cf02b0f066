// Everything shown to a reader passes through here: an allow-list, so whatever a feed or a
// page smuggles in (scripts, handlers, javascript: links, CSS tricks) is dropped, not escaped.
import sanitize from 'sanitize-html';
import { streamHtmlToText } from './html-text.js';

const allowedTags = [
  'p', 'br', 'a', 'ul', 'ol', 'li', 'blockquote', 'strong', 'em', 'b', 'i',
  'h2', 'h3', 'h4', 'h5', 'h6', 'figure', 'figcaption', 'img',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'pre', 'code',
];

// Dropped with everything inside them. Other disallowed tags (div, span, form, label...) are
// unwrapped: the tag goes, its text stays. A <form> is unwrapped rather than emptied because
// some CMSs (ASP.NET) wrap the whole page in one; its controls are dropped here.
const droppedWithContent = [
  'script', 'style', 'noscript', 'template', 'textarea', 'option', 'select', 'button', 'input',
  'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'head', 'title',
];

const linkSchemes = new Set(['http:', 'https:', 'mailto:']);
const imageSchemes = new Set(['http:', 'https:']);

/**
 * Resolves a URL against the base and keeps it only when its scheme is allowed. WHATWG URL
 * parsing is what the browser will do, so "java\tscript:" or entity tricks resolve here to
 * the same javascript: URL and are refused. Without a base, a relative URL stays relative.
 */
function safeUrl(raw: string | undefined, baseUrl: string | undefined, schemes: Set<string>): string | null {
  const value = (raw ?? '').trim();
  if (!value) return null;
  try {
    if (baseUrl) {
      const url = new URL(value, baseUrl);
      return schemes.has(url.protocol) ? url.href : null;
    }
    const absolute = new URL(value, 'relative://x/');
    if (absolute.protocol === 'relative:') return value.startsWith('//') ? null : value;
    return schemes.has(absolute.protocol) ? absolute.href : null;
  } catch {
    return null;
  }
}

// Lazy-loading sites put the real image in a data attribute and a placeholder in src.
const lazySrc = ['data-src', 'data-original', 'data-lazy-src', 'data-url'];

function options(baseUrl: string | undefined): sanitize.IOptions {
  return {
    allowedTags,
    allowedAttributes: { a: ['href', 'rel'], img: ['src', 'alt'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    nonTextTags: droppedWithContent,
    disallowedTagsMode: 'discard',
    transformTags: {
      h1: 'h2',
      a: (tagName, attribs) => {
        const href = safeUrl(attribs.href, baseUrl, linkSchemes);
        const out: Record<string, string> = href ? { href, rel: 'noopener noreferrer nofollow' } : {};
        return { tagName, attribs: out };
      },
      img: (tagName, attribs) => {
        let raw = attribs.src;
        if (!raw || raw.trim().toLowerCase().startsWith('data:')) raw = lazySrc.map((a) => attribs[a]).find(Boolean);
        const src = safeUrl(raw, baseUrl, imageSchemes);
        const out: Record<string, string> = {};
        if (src) out.src = src;
        if (attribs.alt) out.alt = attribs.alt;
        return { tagName, attribs: out };
      },
    },
    // An image without a usable source, or a link that lost its href, is dropped (the
    // link's text stays).
    exclusiveFilter: (frame) => (frame.tag === 'img' && !frame.attribs.src ? true : frame.tag === 'a' && !frame.attribs.href ? 'excludeTag' : false),
  };
}

/** Allow-listed HTML for display; links absolute against baseUrl (when given) and nofollow. */
export function sanitizeHtml(html: string, baseUrl?: string): string {
  if (!html) return '';
  return tidyWhitespace(sanitize(html, options(baseUrl)));
}

/**
 * Unwrapped layout divs leave blank lines and empty paragraphs behind; fold them (never inside
 * <pre>). The input is sanitize-html's own well-formed output, so a regex is safe here.
 */
function tidyWhitespace(html: string): string {
  return html
    .split(/(<pre>[\s\S]*?<\/pre>)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/<p>(?:\s|&nbsp;|<br \/>)*<\/p>/g, '').replace(/[ \t]*\n\s*/g, '\n')))
    .join('')
    .trim();
}

/** Plain text of an HTML fragment: paragraphs split by "\n\n", entities decoded, spaces collapsed. */
export function htmlToText(html: string): string {
  if (!html) return '';
  return streamHtmlToText(html);
}
