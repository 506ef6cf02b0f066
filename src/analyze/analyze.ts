// The rule analysis of one story: event type, regions, entities with roles. Pure and fast.
import type { Analysis, AnalyzedEntity, EntityRole } from '../domain/types.js';
import type { Knowledge } from './knowledge.js';
import { findMentions } from './recognize.js';
import { classifyEventType } from './event-type.js';
import { actingPlacesIn, actionOf, assignRoles, partiesOf } from './roles.js';
import { findUnknownEntities } from './unknown-entities.js';
import { actingRegions } from './regions.js';
import { predictImpacts, type History } from './playbooks.js';
import { slugify } from '../domain/slug.js';
import { leadOf } from './lead.js';
import { readableHeadline } from './headline-case.js';

export { leadOf };
import { detectLanguage } from './language.js';
import { judgeByEvidence, judgeRelevance, notAnalysed, relevanceFeatures } from './relevance.js';
import { applyRoleModel } from './role-model.js';

const appWord = /\b(?:apps?|chatbots?)\b/;

export interface AnalysisInput {
  title: string; body: string; categories?: string[];
  /** The source publishes only policy (`relevance: always` in sources.yaml): no gate. */
  alwaysRelevant?: boolean;
  /** For the script that trains the role model: each party's features, before the model decides. */
  traceRoles?: (slug: string, features: string[]) => void;
}

/** What the relevance model reads of a story (for the script that trains it). */
export function relevanceInput(k: Knowledge, title: string, body: string): string[] {
  const lead = leadOf(body, k.boilerplate, title);
  const { entities, places } = findMentions(k, title, lead);
  return relevanceFeatures(k.policyWords, title, lead, classifyEventType(k, title, lead), entities, places);
}

export function analyzeStory(k: Knowledge, story: AnalysisInput, history?: History): Analysis {
  // A headline in capitals is read in the case its names are known by.
  const input = { ...story, title: readableHeadline(k, story.title) };
  const lead = leadOf(input.body, k.boilerplate, input.title);
  const { entities: mentions, places } = findMentions(k, input.title, lead);
  const language = detectLanguage(input.title, lead);
  // German and French are read natively (their rules and policy words beside the English ones),
  // never by the English word models; other languages are stored and clustered by the parties
  // they name, but not analysed: an English reading of them would be a guess shown as a finding.
  const native = k.languages.get(language);
  const reading: 'english' | 'native' | 'none' = language === 'en' || language === 'und' ? 'english' : native ? 'native' : 'none';
  const kk: Knowledge = native ? { ...k, eventRules: native.eventRules, policyWords: native.policyWords, eventModel: null } : k;
  const labelled = input.categories?.some((c) => k.eventRules.some((r) => r.type === c)) ?? false;
  const ruled = reading === 'none' && !labelled ? { type: 'other' as const, score: 0, matched: [] } : classifyEventType(kk, input.title, lead, input.categories);
  const features = relevanceFeatures(kk.policyWords, input.title, lead, ruled, mentions, places);
  const gate = reading === 'english' ? judgeRelevance(k.relevanceModel, features, labelled)
    : reading === 'native' ? judgeByEvidence(features, language, labelled)
    : notAnalysed(language, mentions.length > 0, labelled);
  const relevant = gate.relevant || !!input.alwaysRelevant;
  // An off-topic story keeps its parties (the all-stories view lists them) but no event type.
  const event = relevant ? ruled : { type: 'other' as const, score: 0, matched: [] };
  const roles = assignRoles(input.title, mentions, (slug) => k.entities.get(slug)?.owner ?? null, lead);

  const entities = new Map<string, AnalyzedEntity>();
  /** Where the story first names each party (for the role model); an owner or an app where its product or company is. */
  const positions = new Map<string, number>();
  const add = (slug: string, role: EntityRole, confidence: number, via?: 'owner' | 'playbook', at?: number) => {
    const e = k.entities.get(slug);
    if (at !== undefined && !positions.has(slug)) positions.set(slug, at);
    if (!e || entities.has(slug)) return;
    entities.set(slug, { name: e.name, slug, kind: e.kind, role, confidence, country: e.country, ...(via ? { via } : {}) });
  };
  for (const m of mentions) {
    const role = roles.get(m.entity.slug) ?? 'mentioned';
    add(m.entity.slug, role, m.inTitle ? 0.9 : 0.7, undefined, m.start);
    // A product stands for its owner too: a ban on Claude hits Anthropic.
    if (m.entity.owner) add(m.entity.owner, role, 0.8, 'owner', m.start);
  }

  // "Chinese AI app DeepSeek", "the app": a company whose app is its own entry stands for the
  // app too where the story speaks of an app or a chatbot.
  if (appWord.test(`${input.title}\n${lead}`)) {
    for (const m of mentions) {
      const app = k.appOf.get(m.entity.slug);
      if (app) add(app, roles.get(m.entity.slug) ?? 'mentioned', m.inTitle ? 0.8 : 0.6, undefined, m.start);
    }
  }

  // Names the knowledge base lacks still count, less surely: an unseen company is still found.
  const text = `${input.title}\n${lead}`;
  const covered = [...mentions, ...places];
  const known = (start: number, end: number) => covered.some((c) => c.start < end && c.end > start);
  for (const u of findUnknownEntities(text, known)) {
    const slug = slugify(u.name);
    if (entities.has(slug) || k.entities.has(slug)) continue;
    const inTitle = u.start < input.title.length;
    const act = inTitle ? actionOf(input.title) : null;
    const role: EntityRole = !inTitle || !act ? 'mentioned' : (u.start < act.at) !== act.passive ? 'actor' : 'target';
    entities.set(slug, { name: u.name, slug, kind: u.kind, role, confidence: u.confidence });
    positions.set(slug, u.start);
  }

  // "US and UK sign AI pact": the states party to an agreement, as countries (the EU as itself).
  const firstSentence = /^.*?[.!?](\s|$)/.exec(lead)?.[0] ?? lead;
  const leadAt = input.title.length + 1;
  for (const code of new Set([...partiesOf(input.title, 0, places), ...partiesOf(firstSentence, leadAt, places)])) {
    const name = code === 'EU' ? 'European Union' : k.regionName(code).replace(/^the /, '');
    const slug = slugify(name);
    if (!entities.has(slug)) entities.set(slug, { name, slug, kind: code === 'EU' ? 'government' : 'country', role: 'actor', confidence: 0.6, country: code, via: 'place' });
    const place = places.find((p) => p.code === code);
    if (place && !positions.has(slug)) positions.set(slug, place.start);
  }

  // "Canada bans TikTok": a place acting in the title stands for its government. Use the
  // government body the text names from there, or else the government itself.
  const action = actionOf(input.title);
  const actingPlace = action && !action.passive ? places.find((p) => p.inTitle && p.start < action.at) : undefined;
  if (actingPlace && ![...entities.values()].some((e) => e.role === 'actor')) {
    const named = [...entities.values()].find((e) => (e.kind === 'government' || e.kind === 'regulator') && e.country === actingPlace.code);
    if (named) named.role = 'actor';
    else {
      const name = actingPlace.code === 'EU' ? 'European Union' : `Government of ${k.regionName(actingPlace.code)}`;
      entities.set(slugify(name), { name, slug: slugify(name), kind: 'government', role: 'actor', confidence: 0.6, country: actingPlace.code, via: 'place' });
      positions.set(slugify(name), actingPlace.start);
    }
  }

  // "India imposed a licensing requirement…": a country acting in the lead's first sentence
  // stands for its government too, unless the story names its regulator or a body of it acts
  // ("Italy banned ChatGPT…, the Garante said" is the Garante's act), or the act is an
  // announcement and the story names the office that made it.
  for (const { code, strong } of actingPlacesIn(firstSentence, leadAt, places)) {
    const bodyActs = [...entities.values()].some((e) => e.country === code && (e.kind === 'regulator' || (e.kind === 'government' && (e.role === 'actor' || !strong))));
    if (code === 'EU' || bodyActs) continue;
    const name = `Government of ${k.regionName(code)}`;
    const slug = slugify(name);
    // No country: the place itself already gives the jurisdiction, and an actor's country would
    // reorder the regions the named bodies gave (measured: it cost held-out clustering).
    if (!entities.has(slug) && ![...entities.values()].some((e) => e.kind === 'country' && e.country === code)) {
      entities.set(slug, { name, slug, kind: 'government', role: 'actor', confidence: 0.6, country: null, via: 'place' });
      const place = places.find((p) => p.code === code && p.start >= leadAt);
      if (place) positions.set(slug, place.start);
    }
  }

  // Who acts on whom: the clause around each party, weighed by the model learned from the labelled stories.
  const inLead = new Map<string, number>();
  for (const m of mentions) {
    if (m.inTitle) continue;
    if (!inLead.has(m.entity.slug)) inLead.set(m.entity.slug, m.start);
    if (m.entity.owner && !inLead.has(m.entity.owner)) inLead.set(m.entity.owner, m.start);
  }
  applyRoleModel(k.roleModel, k.roleFrames, k.background, input.title, lead, [...entities.values()], { first: positions, inLead }, event.type, (slug) => k.entities.get(slug)?.owner ?? null, input.traceRoles);

  // Jurisdiction: who acts depends on the kind of event (regions.ts).
  const regions = actingRegions(event.type, [...entities.values()], places, input.title, lead);

  const predicted = relevant && reading !== 'none'
    ? predictImpacts({
      playbooks: k.playbooks, eventType: event.type, entities: [...entities.values()], regions, regionName: k.regionName, history,
      text: `${input.title}\n${lead}`, ownerCountry: (slug) => { const owner = k.entities.get(slug)?.owner; return owner ? k.entities.get(owner)?.country ?? null : null; },
    })
    : { impacts: [], playbook: null, reported: [] };
  // The stakeholder groups the playbook names as affected join the entity list, less sure than named ones.
  // Only where the story touches the group's domain: no "US chip designers" on a ban of antivirus software.
  for (const group of predicted.playbook?.affected ?? []) {
    const cues = k.groupCues.get(slugify(group));
    if (!cues || cues.test(`${input.title}\n${lead}`)) add(slugify(group), 'affected', 0.5, 'playbook');
  }

  const gateBasis = gate.relevant || !input.alwaysRelevant ? gate.basis : `relevance: the source publishes only policy (${gate.basis})`;
  const typeBasis = !relevant ? 'not tech policy: no event type' : event.matched.length
    ? `event type by rule (${event.matched.slice(0, 3).map((m) => `"${m}"`).join(', ')})`
    : event.model ? 'no event-type rule matched; event type by the word model trained on the labelled set' : 'no event-type rule matched';
  const alreadyBasis = predicted.reported.length ? `; already reported in the story, so not predicted: ${predicted.reported.join('; ')}` : '';
  const basis = `${typeBasis}; ${gateBasis}${alreadyBasis}`;
  return { relevant, relevance: gate.relevance, language, event_type: event.type, regions, entities: [...entities.values()], impacts: predicted.impacts, playbook: predicted.playbook?.id ?? null, basis };
}
