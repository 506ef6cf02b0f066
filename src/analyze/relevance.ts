// Is a story tech policy at all? Only relevant stories become signals. A naive Bayes model
// (word-model.ts) trained on policy stories and on off-topic stories of the kinds the bundled
// general feeds carry (test/eval/train-relevance.ts → feeds/knowledge/relevance-words.json)
// reads the story's words together with the analysis's own evidence as tokens: which event rule
// fired and where, which kinds of known party the story names, which senses of policy words
// (feeds/knowledge/policy-words.yaml) it uses and whether it is about technology at all. So
// "banned" next to a football club weighs differently from "banned" next to a ministry, and the
// model learns how much.
import type { EventTypeResult } from './event-type.js';
import type { Mention, PlaceMention } from './recognize.js';
import { z } from 'zod';
import { compileWordModel, storyWords, wordModelSchema } from './word-model.js';

export const policyWordsSchema = z.record(z.string(), z.array(z.string()));
/** Policy words by their first word: each sense's phrases, as word lists. */
export type PolicyWords = Map<string, { words: string[]; sense: string }[]>;

export function compilePolicyWords(raw: z.infer<typeof policyWordsSchema>): PolicyWords {
  const index: PolicyWords = new Map();
  for (const [sense, list] of Object.entries(raw)) for (const phrase of list) {
    const words = phrase.toLowerCase().split(/\s+/);
    index.set(words[0]!, [...(index.get(words[0]!) ?? []), { words, sense }]);
  }
  return index;
}

/** The senses of policy words a text uses. */
function policySenses(index: PolicyWords, text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu) ?? [];
  const senses = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    for (const c of index.get(words[i]!) ?? []) {
      if (c.words.every((w, j) => words[i + j] === w)) senses.add(c.sense);
    }
  }
  return senses;
}

export const relevanceWordsSchema = wordModelSchema.refine((m) => 'policy' in m.types && 'offtopic' in m.types, 'classes must be policy and offtopic');
export type RelevanceWords = (typeof relevanceWordsSchema)['_output'];
export type RelevanceModel = (words: string[]) => number;

export interface RelevanceVerdict { relevant: boolean; relevance: number; basis: string }

/**
 * Log-odds are divided by this before the logistic: the model's raw odds over a few dozen
 * presence features are overconfident, and a score of 0.9 should mean something.
 */
const temperature = 6;
/** Log-odds a story without any policy evidence must clear besides. */
const noEvidencePenalty = 8;

export function compileRelevanceWords(m: RelevanceWords): RelevanceModel {
  const score = compileWordModel(m, { equalPriors: true });
  return (words) => {
    const s = score(words);
    const policy = s.find((x) => x.type === 'policy')!.s;
    const off = s.find((x) => x.type === 'offtopic')!.s;
    return policy - off;
  };
}

/** What the model reads: the story's words, and the analysis's evidence as tokens ('#' keeps them apart from words). */
export function relevanceFeatures(policy: PolicyWords | null, title: string, lead: string, event: EventTypeResult, mentions: Mention[], places: PlaceMention[]): string[] {
  const t: string[] = storyWords(title, lead);
  if (policy) {
    const inTitle = policySenses(policy, title);
    for (const sense of inTitle) t.push(`#sense-${sense}`, `#sense-title-${sense}`);
    for (const sense of policySenses(policy, lead)) t.push(`#sense-${sense}`);
    if ([...inTitle].some((sense) => sense !== 'tech')) t.push('#sense-title-policy');
  }
  if (event.matched.length && !event.model) {
    t.push('#rule', `#rule-${event.type}`);
    if (event.inTitle) t.push('#rule-title');
  }
  if (event.cue) t.push('#cue');
  for (const m of mentions) {
    t.push(`#kind-${m.entity.kind}`);
    if (m.inTitle) t.push(`#title-${m.entity.kind}`);
  }
  if (places.length) t.push('#place');
  if (places.some((p) => p.inTitle)) t.push('#place-title');
  return [...new Set(t)];
}

/**
 * German and French stories: the word model is English, so the analysis's own evidence decides.
 * Tech policy is a policy act (an event rule, a policy word, a state body) about technology (a
 * tech word or a named company or product).
 */
export function judgeByEvidence(features: string[], language: string, labelled: boolean): RelevanceVerdict {
  if (labelled) return { relevant: true, relevance: 1, basis: 'relevance: the feed labels it with an event type' };
  const policy = features.some((t) => t === '#rule' || (t.startsWith('#sense-') && !t.includes('tech') && !t.startsWith('#sense-title')) || /^#kind-(government|regulator|organization)$/.test(t));
  const tech = features.some((t) => t === '#sense-tech' || /^#kind-(company|product)$/.test(t));
  const strong = features.includes('#rule-title') || features.some((t) => t.startsWith('#sense-title-') && !t.endsWith('-tech'));
  const relevant = policy && (tech || strong);
  return { relevant, relevance: relevant ? (strong && tech ? 0.85 : 0.7) : policy || tech ? 0.35 : 0.1, basis: `relevance by ${language} rules and policy words: ${relevant ? 'a policy act about technology' : policy ? 'policy, but nothing about technology' : 'no policy act'}` };
}

/** A language the analysis does not read: kept, clustered by the parties it names, not typed. */
export function notAnalysed(language: string, namesParties: boolean, labelled: boolean): RelevanceVerdict {
  const relevant = labelled || namesParties;
  return { relevant, relevance: relevant ? 0.5 : 0.1, basis: `not analysed: the story is in ${language}, a language the analysis does not read; ${relevant ? 'kept for the parties it names' : 'it names no known party'}` };
}

export function judgeRelevance(model: RelevanceModel | null, features: string[], labelled: boolean): RelevanceVerdict {
  // The publisher's own taxonomy label (our snapshot's categories) says it is policy.
  if (labelled) return { relevant: true, relevance: 1, basis: 'relevance: the feed labels it with an event type' };
  if (!model) {
    // Untrained (a knowledge base without the model): a rule-typed event is the only evidence.
    const rule = features.includes('#rule');
    return { relevant: rule, relevance: rule ? 0.6 : 0.3, basis: `relevance: ${rule ? 'an event rule fired' : 'no event rule fired'} (no relevance model)` };
  }
  // No event rule, no state body, no policy word: the words alone must argue far more strongly.
  const evidence = features.some((t) => t === '#rule' || (t.startsWith('#sense-') && !t.endsWith('-tech')) || /^#kind-(government|regulator|organization)$/.test(t));
  const logOdds = model(features) - (evidence ? 0 : noEvidencePenalty);
  const relevance = Math.round(1000 / (1 + Math.exp(-logOdds / temperature))) / 1000;
  return { relevant: logOdds >= 0, relevance, basis: `relevance ${relevance.toFixed(2)} by the word model trained on policy and off-topic stories` };
}
