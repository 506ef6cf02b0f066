// The lead: what the analysis and a signal's summary read besides the title. It skips what a
// page, a newsletter or a press release wraps around the news (feeds/knowledge/boilerplate.yaml:
// disclosures, prompts, source lines, datelines, plugs), stops where a roundup turns to other
// stories, and starts at the first paragraph that concerns the title's subject.
import { z } from 'zod';
import { sentenceEnd, wordPattern } from './patterns.js';

export const boilerplateSchema = z.object({ drop: z.array(z.string()), cut: z.array(z.string()), prefix: z.array(z.string()) }).strict();
export interface Boilerplate { drop: RegExp; cut: RegExp; prefix: RegExp }

export function compileBoilerplate(raw: z.infer<typeof boilerplateSchema>): Boilerplate {
  // Whole words only: "install the app" is a prompt, "must not install the apps" is news.
  // Datelines are capitals: the prefix patterns are case-sensitive, so a sentence's own words are never cut off.
  return { drop: wordPattern(raw.drop), cut: wordPattern(raw.cut), prefix: new RegExp(`^(?:${raw.prefix.map((p) => `(?:${p})`).join('|')})`, 'u') };
}

const leadLength = 600;
const titleStop = new Set(['with', 'from', 'that', 'this', 'into', 'over', 'after', 'about', 'their', 'will', 'what', 'when', 'which', 'says', 'said', 'more', 'than', 'have', 'been', 'your', 'here', 'just', 'news', 'week', 'today']);

/** Content words of a text, crudely stemmed (first five letters), for "does this paragraph concern the title?". */
const stems = (text: string) => new Set([...text.toLowerCase().matchAll(/\p{L}{4,}/gu)].map((m) => m[0]).filter((w) => !titleStop.has(w)).map((w) => w.slice(0, 5)));

/**
 * The first ~600 characters of news. Without `bp` (no knowledge at hand) only whitespace is
 * normalised, as before; without `title` the subject check is skipped.
 */
export function leadOf(body: string, bp?: Boilerplate | null, title?: string): string {
  // Only the opening matters: normalising a whole long article for 600 characters was measurable.
  const opening = body.slice(0, bp ? 6000 : 4000);
  const paragraphs = bp ? keptParagraphs(opening, bp) : [opening];
  let flat = (title ? fromSubject(paragraphs, title) : paragraphs).join(' ').replace(/\s+/g, ' ').trim();
  if (flat.length <= leadLength) return flat;
  flat = flat.slice(0, 1200);
  const cut = flat.lastIndexOf('. ', leadLength);
  return flat.slice(0, cut > 200 ? cut + 1 : leadLength);
}

/** Paragraphs with their boilerplate sentences dropped, up to the first "in other news". */
function keptParagraphs(text: string, bp: Boilerplate): string[] {
  const out: string[] = [];
  let length = 0;
  for (const paragraph of text.split(/\n+/)) {
    const kept: string[] = [];
    for (let sentence of paragraph.trim().split(sentenceEnd)) {
      sentence = sentence.replace(bp.prefix, '').trim();
      if (!sentence) continue;
      const cut = bp.cut.exec(sentence);
      // A roundup's turn to other stories ends the lead, once it holds some news.
      if (cut && length + kept.join(' ').length > 0) {
        const before = sentence.slice(0, cut.index).trim();
        if (before.length > 40 && !bp.drop.test(before)) kept.push(before);
        if (kept.length) out.push(kept.join(' '));
        return out;
      }
      if (cut || bp.drop.test(sentence)) continue;
      kept.push(sentence);
    }
    if (kept.length) { out.push(kept.join(' ')); length += out[out.length - 1]!.length; }
    if (length > 2 * leadLength) break;
  }
  return out;
}

/** Leading paragraphs that share no content word with the title are skipped when a later one does. */
function fromSubject(paragraphs: string[], title: string): string[] {
  const wanted = stems(title);
  if (wanted.size === 0) return paragraphs;
  const first = paragraphs.slice(0, 4).findIndex((p) => [...stems(p)].some((w) => wanted.has(w)));
  return first > 0 ? paragraphs.slice(first) : paragraphs;
}
