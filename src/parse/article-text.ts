// DOM → plain text that keeps the page's paragraph structure. How the text is cut matters:
// joining blocks without a break glues the last word of one paragraph to the first of the
// next, which both corrupts full-text search and costs extraction accuracy.

/** Minimal structural view of a DOM node, satisfied by linkedom and browser nodes alike. */
export interface TextNodeLike {
  nodeType: number;
  nodeName: string;
  nodeValue?: string | null;
  childNodes: ArrayLike<TextNodeLike>;
}

const blockTags = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'CAPTION', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL',
  'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY',
  'THEAD', 'TFOOT', 'TR', 'UL',
]);
const cellTags = new Set(['TD', 'TH']);
const skipTags = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'svg', 'SVG', 'HEAD', 'IFRAME', 'OBJECT', 'SELECT', 'TEXTAREA']);

const PARA = '\n\n';

/** Plain text of a subtree: blocks become paragraphs ("\n\n"), <br> a line break. */
export function nodeToText(root: TextNodeLike): string {
  const parts: string[] = [];
  const walk = (node: TextNodeLike, inPre: boolean): void => {
    if (node.nodeType === 3) {
      const data = node.nodeValue ?? '';
      // Inside <pre> a newline is a line break; elsewhere all whitespace is one space.
      parts.push(inPre ? data.replace(/[^\S\n]+/g, ' ') : data.replace(/\s+/g, ' '));
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) return;
    const tag = node.nodeName.toUpperCase();
    if (skipTags.has(tag)) return;
    if (tag === 'BR') { parts.push('\n'); return; }
    const block = blockTags.has(tag);
    if (block) parts.push(PARA);
    else if (cellTags.has(tag)) parts.push(' ');
    const pre = inPre || tag === 'PRE';
    const kids = node.childNodes;
    for (let i = 0; i < kids.length; i++) walk(kids[i]!, pre);
    if (block) parts.push(PARA);
    else if (cellTags.has(tag)) parts.push(' ');
  };
  walk(root, false);
  return tidyText(parts.join(''));
}

/** Collapses runs of blank lines and spaces: paragraphs joined by "\n\n", lines by "\n". */
export function tidyText(text: string): string {
  const paragraphs: string[] = [];
  for (const para of text.split(/\n[^\S\n]*\n\s*/)) {
    const lines = para.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
    if (lines.length) paragraphs.push(lines.join('\n'));
  }
  return paragraphs.join('\n\n');
}
