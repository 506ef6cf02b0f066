// An in-memory inverted index of recent signals, so a new story is compared only with signals
// that share a word or an entity with it, never with the whole database. A story joins the
// signal holding its most similar report: comparing with single reports (not the union of all
// their words) keeps a large, long-running story as easy to join as a new one.
import { jaccard, type StoryFeatures } from './features.js';

export interface ClusterOptions { windowMs: number; threshold: number }

const maxPosting = 200;
const maxCandidates = 12;
/** Reports kept per signal for comparison (the newest). */
const maxMembers = 40;

export const defaultClusterOptions: ClusterOptions = { windowMs: 4 * 86_400_000, threshold: 0.15 };

interface Entry { id: number; members: StoryFeatures[]; time: number }

export class ClusterIndex {
  private readonly entries = new Map<number, Entry>();
  private readonly postings = new Map<string, Set<number>>();
  /** In how many reports each word occurs: rare shared words are strong evidence, common ones weak. */
  private readonly df = new Map<string, number>();
  private docs = 0;
  /** The newest report time seen: the index forgets relative to the data, not the wall clock. */
  private latest = 0;
  private addsSincePrune = 0;
  constructor(private readonly opts: ClusterOptions = defaultClusterOptions) {}

  get size(): number { return this.entries.size; }

  /** Records a report of a signal (a new signal, or a story that joined it). */
  add(id: number, f: StoryFeatures): void {
    const e = this.entries.get(id) ?? { id, members: [], time: f.time };
    e.members.push(f);
    if (e.members.length > maxMembers) e.members.shift();
    e.time = Math.max(e.time, f.time);
    this.entries.set(id, e);
    this.docs++;
    this.latest = Math.max(this.latest, f.time);
    // Bounded memory in a long-running process: now and then drop signals no report can join.
    if (++this.addsSincePrune >= 500) { this.addsSincePrune = 0; this.prune(this.latest); }
    for (const w of f.words) this.df.set(w, (this.df.get(w) ?? 0) + 1);
    for (const key of keys(f)) {
      let set = this.postings.get(key);
      if (!set) this.postings.set(key, (set = new Set()));
      set.add(id);
    }
  }

  /**
   * The best signal this story belongs to, or null when it starts a new one. A cheap pass over
   * the postings ranks candidates by the rarity of what they share; only the best few get the
   * full comparison, so the cost stays flat as the index grows.
   */
  findMatch(f: StoryFeatures): { id: number; score: number } | null {
    const idf = this.idfMemo();
    const shared = new Map<number, number>();
    let top = 0;
    for (const key of keys(f)) {
      const ids = this.postings.get(key);
      if (!ids || ids.size > maxPosting) continue; // a word every signal shares tells nothing
      const weight = key.startsWith('e:') ? 3 : idf(key.slice(2));
      for (const id of ids) {
        const w = (shared.get(id) ?? 0) + weight;
        shared.set(id, w);
        if (w > top) top = w;
      }
    }
    // Only candidates sharing at least a third of the best overlap are worth the full comparison.
    const candidates: [number, number][] = [];
    for (const entry of shared) if (entry[1] >= top / 3) candidates.push(entry);
    if (candidates.length > maxCandidates) candidates.sort((a, b) => b[1] - a[1]).length = maxCandidates;
    let best: { id: number; score: number } | null = null;
    for (const [id] of candidates) {
      const e = this.entries.get(id);
      if (!e) continue;
      for (const m of e.members) {
        if (Math.abs(m.time - f.time) > this.opts.windowMs) continue;
        const s = similarity(f, m, idf);
        if (s >= this.opts.threshold && (!best || s > best.score)) best = { id, score: s };
      }
    }
    return best;
  }

  /** idf with a per-call memo: one comparison round asks for the same words many times. */
  private idfMemo(): (w: string) => number {
    const memo = new Map<string, number>();
    const n = Math.log(this.docs + 1);
    return (w) => {
      let v = memo.get(w);
      if (v === undefined) memo.set(w, (v = n - Math.log((this.df.get(w) ?? 0) + 1) + 1));
      return v;
    };
  }

  clear(): void {
    this.entries.clear();
    this.postings.clear();
    this.df.clear();
    this.docs = 0;
    this.latest = 0;
  }

  /** Forgets signals whose newest report is older than twice the window before `now`. */
  prune(now: number): void {
    for (const [id, e] of this.entries) {
      if (now - e.time <= this.opts.windowMs * 2) continue;
      this.entries.delete(id);
      for (const m of e.members) for (const key of keys(m)) this.postings.get(key)?.delete(id);
    }
  }
}

function keys(f: StoryFeatures): string[] {
  return [...[...f.title].map((w) => `w:${w}`), ...[...f.entities].map((e) => `e:${e}`)];
}

/** Jaccard where each word counts by its rarity. */
function weightedOverlap(a: Set<string>, b: Set<string>, weight: (w: string) => number): number {
  let both = 0, either = 0;
  for (const w of a) { const x = weight(w); either += x; if (b.has(w)) both += x; }
  for (const w of b) if (!a.has(w)) either += weight(w);
  return either ? both / either : 0;
}

/**
 * Two reports of one event share rare words in their titles and text. Shared entities add to
 * that only once the words already agree a little (one shared company is not one event), and
 * reports set in different jurisdictions (two countries banning the same app) are pushed apart.
 */
/** Evidence of a shared actor or target (tuned on the labelled set: 0.05–0.15 all help, 0.1 best). */
const principalBonus = 0.1;

export function similarity(a: StoryFeatures, b: StoryFeatures, idf: (w: string) => number = () => 1): number {
  const title = weightedOverlap(a.title, b.title, idf);
  const text = weightedOverlap(a.words, b.words, idf);
  let score = 0.6 * title + 0.4 * text;
  // One shared word, however rare, is a coincidence more often than an event.
  let sharedWords = 0;
  for (const w of a.words) if (b.words.has(w) && ++sharedWords >= 2) break;
  if (sharedWords < 2) score *= 0.5;
  if ((title >= 0.12 || text >= 0.12) && a.entities.size && b.entities.size) score += 0.3 * jaccard(a.entities, b.entities);
  const sameRegions = !(a.regions.size && b.regions.size && jaccard(a.regions, b.regions) === 0);
  // The same actor or target, in the same kind of event, in the same place, within days; two
  // reports whose principals differ and that share no entity at all ("regulator probes X",
  // "regulator probes Y") are two events.
  const sharesPrincipal = [...a.principals].some((p) => b.principals.has(p));
  if (sameRegions && a.eventType === b.eventType && text >= 0.05 && sharesPrincipal) score += principalBonus;
  if (a.principals.size && b.principals.size && !sharesPrincipal && ![...a.entities].some((e) => b.entities.has(e))) score *= 0.5;
  if (!sameRegions) score *= 0.5;
  if (a.eventType !== b.eventType) score *= 0.8;
  return score;
}
