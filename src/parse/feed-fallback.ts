// A forgiving reader for the feeds rss-parser rejects or misreads: HTML entities outside CDATA
// (&nbsp;, &rsquo;), bare ampersands, a namespace prefix on every element, RSS 0.90/1.0 and RDF,
// Atom 0.3 with the link as element text, channels with no items, extensions that crash the
// mapping. As feedparser and Miniflux do: a tolerant tokenizer (htmlparser2 in XML mode never
// throws), elements matched by local name, text decoded with the HTML entity table.
import { parseDocument, DomUtils } from 'htmlparser2';
import { decodeHTML } from 'entities';
import type { Element } from 'domhandler';

export interface LooseItem { title: string; link: string | null; guid: string | null; date: string | null; summary: string; content: string; author: string | null; categories: string[] }
export interface LooseFeed { title: string | null; link: string | null; items: LooseItem[] }

const local = (name: string) => name.slice(name.indexOf(':') + 1).toLowerCase();
const elementsOf = (el: Element) => el.children.filter((c): c is Element => c.type === 'tag');
const childNamed = (el: Element, ...names: string[]) => elementsOf(el).filter((c) => names.includes(local(c.name)));
/** Text of an element, entities decoded (HTML's table: &nbsp; is a space here, not an error). */
const textOf = (el: Element | undefined) => (el ? decodeHTML(DomUtils.textContent(el)).trim() : '');
/** Markup inside an element, as the feed wrote it (escaped HTML in RSS, XHTML in Atom). */
const markupOf = (el: Element | undefined) => {
  if (!el) return '';
  const inner = el.children.map((c) => (c.type === 'cdata' ? DomUtils.textContent(c) : DomUtils.getOuterHTML(c, { xmlMode: true, decodeEntities: false }))).join('');
  return decodeHTML(inner).trim();
};

/** An item's link: an RSS <link> text, an Atom <link href> (alternate first), or Atom 0.3's link as text. */
function linkOf(el: Element, about: string | undefined): string | null {
  const links = childNamed(el, 'link');
  const alternate = links.find((l) => l.attribs.href && (!l.attribs.rel || l.attribs.rel === 'alternate')) ?? links.find((l) => l.attribs.href);
  return alternate?.attribs.href?.trim() || links.map((l) => textOf(l)).find(Boolean) || about?.trim() || null;
}

export function parseFeedLoosely(xml: string): LooseFeed | null {
  const doc = parseDocument(xml, { xmlMode: true, decodeEntities: false });
  const all = DomUtils.findAll((e) => ['item', 'entry'].includes(local(e.name)), doc.children);
  const channel = DomUtils.findOne((e) => ['channel', 'feed'].includes(local(e.name)), doc.children);
  const root = elementsOf(doc as unknown as Element)[0];
  if (!channel && all.length === 0) return null;
  if (root && !['rss', 'rdf', 'feed', 'channel'].includes(local(root.name))) return null;
  const items = all.map((el): LooseItem => {
    const first = (...names: string[]) => childNamed(el, ...names)[0];
    const content = first('encoded') ?? (childNamed(el, 'content').find((c) => !c.attribs.src));
    return {
      title: textOf(first('title')).replace(/\s+/g, ' '),
      link: linkOf(el, el.attribs['rdf:about']),
      guid: textOf(first('guid', 'id')) || null,
      date: textOf(first('pubdate', 'published', 'updated', 'issued', 'modified', 'date', 'created')) || null,
      summary: markupOf(first('description', 'summary')),
      content: markupOf(content),
      author: textOf(first('creator', 'author')) || null,
      categories: childNamed(el, 'category', 'subject').map((c) => c.attribs.term ?? textOf(c)).filter(Boolean),
    };
  });
  const head = channel ?? root;
  return { title: head ? textOf(childNamed(head, 'title')[0]) || null : null, link: head ? linkOf(head, undefined) : null, items };
}
