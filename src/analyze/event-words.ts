// A small word model of event types (multinomial naive Bayes over word presence), trained on the
// team's labelled set by test/eval/train-event-words.ts into feeds/knowledge/event-words.json.
// The keyword rules decide; the model speaks only when no rule matched, so a story phrased in
// words no rule foresaw still gets a type instead of "other".
import { z } from 'zod';
import { eventTypes, type EventType } from '../domain/types.js';

export const eventWordsSchema = z.object({
  trainedOn: z.string(),
  types: z.record(z.string(), z.object({ docs: z.number().int().nonnegative(), words: z.record(z.string(), z.number().int().positive()) }))
    .refine((t) => Object.keys(t).every((k) => (eventTypes as readonly string[]).includes(k)), 'types must be event types of the taxonomy'),
});
export type EventWords = z.infer<typeof eventWordsSchema>;

const stop = new Set(('the and for with from that this are was were has have had its his her their they them will would could ' +
  'said says say after over into than then also about amid against more most new one two its our who what when which while ' +
  'been being but not per its other some such these those under week year years monday tuesday wednesday thursday friday').split(' '));

/** Lower-case words of three letters or more, a crude stem (plural and -ed/-ing off), stop words out. */
export function modelWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/\p{L}{3,}/gu)) {
    let w = m[0];
    if (stop.has(w)) continue;
    if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
    else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
    else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
    out.push(w);
  }
  return out;
}

export interface WordModel { classify(title: string, lead: string): { type: EventType; margin: number } | null }

/**
 * Additive smoothing. Word presence (each word once per story) with 0.5 generalised best in a
 * leave-one-event-out check over the labelled stories: 0.818 of stories typed by the model alone,
 * against 0.773 with word counts and add-one smoothing.
 */
const alpha = 0.5;

/** The words a story is known by: each once, from the title and the text. */
export function storyWords(title: string, text: string): string[] {
  return [...new Set([...modelWords(title), ...modelWords(text)])];
}

export function compileEventWords(m: EventWords): WordModel {
  const types = Object.entries(m.types) as [EventType, { docs: number; words: Record<string, number> }][];
  const vocabulary = new Set(types.flatMap(([, t]) => Object.keys(t.words))).size;
  const docs = types.reduce((n, [, t]) => n + t.docs, 0);
  const compiled = types.map(([type, t]) => {
    const total = Object.values(t.words).reduce((a, b) => a + b, 0);
    const denominator = total + alpha * vocabulary;
    return { type, prior: Math.log((t.docs + 1) / (docs + types.length)), words: t.words, unseen: Math.log(alpha / denominator), denominator };
  });
  return {
    classify(title, lead) {
      const words = storyWords(title, lead);
      if (words.length === 0 || compiled.length < 2) return null;
      const scores = compiled.map((c) => {
        let s = c.prior;
        for (const w of words) { const n = c.words[w]; s += n ? Math.log((n + alpha) / c.denominator) : c.unseen; }
        return { type: c.type, s };
      }).sort((a, b) => b.s - a.s);
      return { type: scores[0]!.type, margin: scores[0]!.s - scores[1]!.s };
    },
  };
}
