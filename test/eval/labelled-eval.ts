// The team's labelled set (test/eval/labelled/stories.jsonl): event-type accuracy, entity
// precision and recall, region recall, and clustering pairwise F1 over its multi-outlet events.
// The same figures run on any set in that format, e.g. the held-out set (test/eval/heldout/),
// which the analyser is never tuned on.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { projectRoot } from '../helpers/corpora.js';
import { loadKnowledge } from '../../src/pipeline/knowledge-files.js';
import { analyzeStory, leadOf } from '../../src/analyze/analyze.js';
import { storyFeatures } from '../../src/cluster/features.js';
import { ClusterIndex } from '../../src/cluster/cluster-index.js';
import { slugify } from '../../src/domain/slug.js';
import type { Knowledge, KnownEntity } from '../../src/analyze/knowledge.js';
import { pairwise } from './cluster-metrics.js';

export interface Labelled {
  id: string; event: string; outlet: string; published_at: string; title: string; body: string;
  event_type: string; regions: string[]; entities: { name: string; kind: string; role: string }[];
}

export const labelledDir = 'test/eval/labelled';
export const heldoutDir = 'test/eval/heldout';

/** Stories of the set in `dir` (its stories.jsonl); a relative dir is taken from the project root. */
export function loadLabelled(dir = labelledDir): Labelled[] {
  // A set is a directory with stories.jsonl, or one batch file (test/eval/messy/batch-1.jsonl).
  const path = isAbsolute(dir) ? dir : join(projectRoot, dir);
  const file = path.endsWith('.jsonl') ? path : join(path, 'stories.jsonl');
  const rel = relative(projectRoot, file);
  const shown = rel.startsWith('..') || isAbsolute(rel) ? file : rel;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read ${shown}: ${(e as Error).message}`);
  }
  const stories: Labelled[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let o: Labelled;
    try {
      o = JSON.parse(line) as Labelled;
    } catch (e) {
      throw new Error(`${shown} line ${i + 1}: ${(e as Error).message}`);
    }
    // The figures below read these fields; a story without them would silently skew every ratio.
    if (typeof o?.id !== 'string' || typeof o.event !== 'string' || typeof o.title !== 'string' || typeof o.body !== 'string'
      || typeof o.event_type !== 'string' || typeof o.published_at !== 'string' || !Array.isArray(o.regions) || !Array.isArray(o.entities)) {
      throw new Error(`${shown} line ${i + 1}: not a labelled story (needs id, event, published_at, title, body, event_type, regions, entities)`);
    }
    stories.push(o);
  });
  if (stories.length === 0) throw new Error(`${shown}: no stories`);
  return stories;
}

/**
 * A gold name counts as found when our entity has the same slug, or the name is one of its
 * aliases, or it is the bare name of a body of one of the story's countries, with or without
 * its country word: "Ministry of National Defense" in a Taiwanese story is Taiwan's,
 * "Chinese Ministry of Finance" is the China Ministry of Finance. Read as the recognizer reads.
 */
export function goldSlug(k: Knowledge, name: string, regions: string[]): string {
  // "Data Protection Commission (Ireland)": the labelling rules' canonical form names the country in brackets.
  const bracketed = /^(.+?) \(([^)]+)\)$/.exec(name);
  if (bracketed && !k.aliasIndex.has(name) && k.aliasIndex.get(bracketed[1]!)?.some((a) => a.target.type === 'entity')) return goldSlug(k, bracketed[1]!, regions);
  const direct = k.aliasIndex.get(name)?.find((a) => a.target.type === 'entity');
  const bodies: { entity: KnownEntity; country: string }[] = (k.bareIndex.get(name) ?? []).map((entity) => ({ entity, country: entity.country ?? '' }));
  // "Chinese Ministry of Finance": a country word, then the bare name of that country's body.
  const words = name.split(' ');
  for (let n = 1; n < Math.min(words.length, 4); n++) {
    const codes = (k.aliasIndex.get(words.slice(0, n).join(' ')) ?? []).flatMap((a) => a.target.type === 'region' ? [a.target.code] : []);
    for (const entity of k.bareIndex.get(words.slice(n).join(' ')) ?? []) if (codes.includes(entity.country ?? '')) bodies.push({ entity, country: entity.country! });
  }
  const body = regions.map((r) => bodies.find((b) => b.country === r)).find(Boolean) ?? (direct ? undefined : bodies.length === 1 ? bodies[0] : undefined);
  if (body) return body.entity.slug;
  return direct && direct.target.type === 'entity' ? direct.target.entity.slug : slugify(name);
}

/** Figures for a set: pass its stories, or the directory that holds its stories.jsonl. */
export function runLabelledEval(set: Labelled[] | string = labelledDir) {
  const stories = typeof set === 'string' ? loadLabelled(set) : set;
  const k = loadKnowledge();
  let typeOk = 0, tp = 0, fp = 0, fn = 0, regionHit = 0, regionTotal = 0, regionPredicted = 0, roleOk = 0, kept = 0;
  let partyRoles = 0, partyRolesOk = 0;
  let strictTp = 0, strictFp = 0, strictFn = 0;
  const confusions = new Map<string, number>();
  const misses = new Map<string, number>();
  const extras = new Map<string, number>();
  const t0 = performance.now();
  const analyses = stories.map((s) => analyzeStory(k, { title: s.title, body: s.body }));
  const ms = performance.now() - t0;
  stories.forEach((s, i) => {
    const a = analyses[i]!;
    if (a.relevant) kept++;
    if (a.event_type === s.event_type) typeOk++;
    else confusions.set(`${s.event_type} → ${a.event_type}`, (confusions.get(`${s.event_type} → ${a.event_type}`) ?? 0) + 1);
    // Primary measure: named entities. Stakeholder groups are judgement calls on both sides, and
    // the makers of named products (Claude → Anthropic) are implied by design: neither counts
    // against precision; both count in the strict figures.
    const allOurs = new Map(a.entities.map((e) => [e.slug, e]));
    const allGold = new Map(s.entities.map((e) => [goldSlug(k, e.name, s.regions), e]));
    const ours = new Map([...allOurs].filter(([, e]) => e.kind !== 'group'));
    const gold = new Map([...allGold].filter(([, e]) => e.kind !== 'group'));
    for (const [slug, g] of gold) {
      const o = ours.get(slug);
      // Actors and targets are the roles that matter most: who acts on whom.
      if (o && (g.role === 'actor' || g.role === 'target')) { partyRoles++; if (o.role === g.role) partyRolesOk++; }
      if (o) { tp++; if (o.role === g.role) roleOk++; } else { fn++; misses.set(g.name, (misses.get(g.name) ?? 0) + 1); }
    }
    for (const [slug, o] of ours) if (!gold.has(slug) && !o.via) { fp++; extras.set(o.name, (extras.get(o.name) ?? 0) + 1); }
    for (const slug of allGold.keys()) if (allOurs.has(slug)) strictTp++; else strictFn++;
    for (const slug of allOurs.keys()) if (!allGold.has(slug)) strictFp++;
    for (const r of s.regions) { regionTotal++; if (a.regions.includes(r)) regionHit++; }
    regionPredicted += a.regions.length;
  });
  // Clustering: stories in publication order through the product's own index.
  const order = stories.map((s, i) => ({ s, i })).sort((x, y) => x.s.published_at.localeCompare(y.s.published_at));
  const index = new ClusterIndex();
  const pred = new Map<string, number>();
  let next = 1;
  for (const { s, i } of order) {
    const f = storyFeatures(s.title, leadOf(s.body, k.boilerplate, s.title), analyses[i]!, new Date(s.published_at).toISOString());
    const m = index.findMatch(f);
    const id = m ? m.id : next++;
    index.add(id, f);
    pred.set(s.id, id);
  }
  const gold = new Map(stories.map((s) => [s.id, s.event]));
  const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k2, v]) => `${k2} ×${v}`).join(', ');
  return {
    stories: stories.length,
    eventTypeAccuracy: typeOk / stories.length,
    entityPrecision: tp / (tp + fp || 1),
    entityRecall: tp / (tp + fn || 1),
    roleAccuracy: roleOk / (tp || 1),
    partyRoleAccuracy: partyRolesOk / (partyRoles || 1),
    relevantShare: kept / stories.length,
    strictEntityPrecision: strictTp / (strictTp + strictFp || 1),
    strictEntityRecall: strictTp / (strictTp + strictFn || 1),
    regionRecall: regionHit / (regionTotal || 1),
    regionPrecision: regionHit / (regionPredicted || 1),
    cluster: pairwise(pred, gold),
    predictedClusters: new Set(pred.values()).size,
    goldClusters: new Set(gold.values()).size,
    storiesPerSecond: stories.length / (ms / 1000),
    confusions: top(confusions), missedEntities: top(misses), extraEntities: top(extras),
  };
}

// `tsx test/eval/labelled-eval.ts [DIR]` prints the raw figures of one set (default: the labelled set).
if (import.meta.url === `file://${process.argv[1]}`) console.log(runLabelledEval(process.argv[2] ?? labelledDir));
