// A cheap pass over a feed document before the XML parser sees it. xml2js builds the whole
// document as objects (measured: a 9 MB feed of 100,000 small items took 120 MB on top of the
// process, and rss-parser's recursion overflowed the stack at 4,000 nested elements), so the
// shape is bounded here with nothing but indexOf: nesting depth, element count, item count,
// and no DTD-declared entities at all (billion laughs, XXE) — sax would refuse or ignore them
// anyway, but a clear refusal tells the operator why.

export interface XmlLimits {
  /** Real feeds nest a dozen levels; XHTML content in Atom adds a few dozen at most. */
  maxDepth: number;
  /** Items (RSS <item>, Atom <entry>) read from one document, in document order. */
  maxItems: number;
  /** Elements before the cut: bounds the parser's memory whatever the elements are. */
  maxElements: number;
}

export const feedXmlLimits: XmlLimits = Object.freeze({ maxDepth: 256, maxItems: 2000, maxElements: 100_000 });

export type GuardedXml =
  | { ok: true; xml: string; root: string | null; itemsInDocument: number; cut: boolean }
  | { ok: false; reason: string };

const isItem = (name: string) => {
  const local = name.slice(name.indexOf(':') + 1);
  return local === 'item' || local === 'entry';
};

/**
 * Checks the document and, past maxItems items, cuts it right after the last item kept and
 * closes the elements still open, so the parser gets a well-formed prefix. Feeds list their
 * newest items first, so the items kept are the newest.
 */
export function guardFeedXml(xml: string, limits: XmlLimits = feedXmlLimits): GuardedXml {
  const stack: string[] = [];
  let root: string | null = null;
  let elements = 0;
  let items = 0;
  let itemDepth = -1;
  let counted = false;
  let pos = 0;
  for (;;) {
    const i = xml.indexOf('<', pos);
    if (i < 0) break;
    const next = xml[i + 1];
    if (next === '!') {
      if (xml.startsWith('<!--', i)) pos = after(xml, '-->', i + 4);
      else if (xml.startsWith('<![CDATA[', i)) pos = after(xml, ']]>', i + 9);
      else if (/^<!DOCTYPE/i.test(xml.slice(i, i + 9))) {
        const end = doctypeEnd(xml, i);
        if (/<!ENTITY/i.test(xml.slice(i, end))) {
          return { ok: false, reason: 'refused: the feed declares its own XML entities (<!ENTITY …>), which are never expanded or fetched' };
        }
        pos = end;
      } else pos = after(xml, '>', i);
      continue;
    }
    if (next === '?') { pos = after(xml, '?>', i + 2); continue; }
    const end = xml.indexOf('>', i);
    if (end < 0) break; // an unfinished tag: the parser will say so
    pos = end + 1;
    if (next === '/') {
      const name = stack.pop();
      if (name !== undefined && items === limits.maxItems && stack.length + 1 === itemDepth && isItem(name) && !counted) {
        counted = true;
        const rest = countItems(xml, pos);
        if (rest === 0) continue; // nothing to leave out: read the document to its end
        const closing = stack.reverse().map((n) => `</${n}>`).join('');
        return { ok: true, xml: xml.slice(0, pos) + closing, root, itemsInDocument: items + rest, cut: true };
      }
      continue;
    }
    const name = /^[^\s/>]+/.exec(xml.slice(i + 1, Math.min(end, i + 200)))?.[0];
    if (!name) continue; // "<" followed by junk: not a tag (the parser will judge)
    if (root === null) {
      root = name;
      // A web page: the caller says so; its unclosed <br> and <img> would read as deep nesting.
      if (root.toLowerCase() === 'html') return { ok: true, xml, root, itemsInDocument: 0, cut: false };
    }
    if (++elements > limits.maxElements) {
      return { ok: false, reason: `refused: more than ${limits.maxElements} XML elements (a feed needs a few thousand)` };
    }
    const selfClosing = xml[end - 1] === '/';
    const depth = stack.length + 1;
    if (isItem(name)) {
      if (itemDepth < 0) itemDepth = depth;
      if (depth === itemDepth) items++;
    }
    if (selfClosing) continue;
    stack.push(name);
    if (depth > limits.maxDepth) return { ok: false, reason: `refused: elements nested more than ${limits.maxDepth} levels deep` };
  }
  return { ok: true, xml, root, itemsInDocument: items, cut: false };
}

function after(xml: string, token: string, from: number): number {
  const at = xml.indexOf(token, from);
  return at < 0 ? xml.length : at + token.length;
}

/** The end of a <!DOCTYPE …>, past its internal subset in [ … ] when there is one. */
function doctypeEnd(xml: string, start: number): number {
  const gt = xml.indexOf('>', start);
  const bracket = xml.indexOf('[', start);
  if (bracket < 0 || (gt >= 0 && gt < bracket)) return gt < 0 ? xml.length : gt + 1;
  const close = xml.indexOf(']', bracket);
  return close < 0 ? xml.length : after(xml, '>', close);
}

/** Item start tags after the cut, only to say how many were left out. */
function countItems(xml: string, from: number): number {
  const re = /<(?:[\w.-]+:)?(?:item|entry)[\s>/]/g;
  re.lastIndex = from;
  let n = 0;
  while (re.exec(xml)) n++;
  return n;
}
