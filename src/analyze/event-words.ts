// The event-type word model (naive Bayes, word-model.ts), trained on the team's labelled set by
// test/eval/train-event-words.ts into feeds/knowledge/event-words.json. The keyword rules
// decide; the model speaks only when no rule matched, so a story phrased in words no rule
// foresaw still gets a type instead of "other".
import { eventTypes, type EventType } from '../domain/types.js';
import { compileWordModel, storyWords, wordModelSchema } from './word-model.js';

export const eventWordsSchema = wordModelSchema.refine(
  (m) => Object.keys(m.types).every((k) => (eventTypes as readonly string[]).includes(k)), 'types must be event types of the taxonomy');
export type EventWords = (typeof eventWordsSchema)['_output'];

export interface WordModel { classify(title: string, lead: string): { type: EventType; margin: number } | null }

export function compileEventWords(m: EventWords): WordModel {
  const score = compileWordModel(m);
  const classes = Object.keys(m.types).length;
  return {
    classify(title, lead) {
      const words = storyWords(title, lead);
      if (words.length === 0 || classes < 2) return null;
      const [first, second] = score(words);
      return { type: first!.type as EventType, margin: first!.s - second!.s };
    },
  };
}
