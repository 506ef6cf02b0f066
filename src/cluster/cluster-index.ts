// An in-memory inverted index of recent signals, so a new story is compared only with signals
// that share a word or an entity with it, never with the whole database.
import { jaccard, makeFeatures, type StoryFeatures } from './features.js';

export interface ClusterOptions { windowMs: number; threshold: number }
const maxPosting = 500;
const maxCandidates = 12;

export const defaultClusterOptions: ClusterOptions = { windowMs: 4 * 86_400_000, threshold: 0.3 };

interface Entry { id: number; f: StoryFeatures }

export class ClusterIndex {
  private readonly entries = new Map<number, Entry>();
  private readonly postings = new Map<string, Set<number>>();
  /** In how many signals each word occurs: rare shared words are strong evidence, common ones weak. */
  private readonly df = new Map<string, number>();
  constructor(private readonly opts: ClusterOptions = defaultClusterOptions) {}

  get size(): number { return this.entries.size; }

  /** Records a signal (or widens it with a story that joined it). */
  add(id: number, f: StoryFeatures): void {
    const prev = this.entries.get(id);
    const merged: StoryFeatures = prev
      ? makeFeatures({
          title: new Set([...prev.f.title, ...f.title]), lead: new Set([...prev.f.lead, ...f.lead]),
          entities: new Set([...prev.f.entities, ...f.entities]), regions: new Set([...prev.f.regions, ...f.regions]),
          eventType: prev.f.eventType, time: Math.max(prev.f.time, f.time),
        })
      : f;
    this.entries.set(id, { id, f: merged });
    for (const w of merged.words) if (!prev || !prev.f.words.has(w)) this.df.set(w, (this.df.get(w) ?? 0) + 1);
    for (const key of keys(merged)) {
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
      if (!e || Math.abs(e.f.time - f.time) > this.opts.windowMs) continue;
      const s = similarity(f, e.f, idf);
      if (s >= this.opts.threshold && (!best || s > best.score)) best = { id, score: s };
    }
    return best;
  }

  /** idf with a per-call memo: one comparison round asks for the same words many times. */
  private idfMemo(): (w: string) => number {
    const memo = new Map<string, number>();
    const n = Math.log(this.entries.size + 1);
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
  }

  idf(word: string): number {
    return Math.log((this.entries.size + 1) / ((this.df.get(word) ?? 0) + 1)) + 1;
  }

  /** Forgets signals whose newest story is older than the window before `now`. */
  prune(now: number): void {
    for (const [id, e] of this.entries) {
      if (now - e.f.time <= this.opts.windowMs * 2) continue;
      this.entries.delete(id);
      for (const key of keys(e.f)) this.postings.get(key)?.delete(id);
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
 * Text (rarity-weighted words of title and lead), shared entities and shared jurisdictions.
 * Two reports of one event share rare words and entities in one place; two similar events in
 * different jurisdictions (two countries banning the same app) do not, so disjoint regions
 * cut the score hard, and a different event type halves it.
 */
export function similarity(a: StoryFeatures, b: StoryFeatures, idf: (w: string) => number = () => 1): number {
  const text = weightedOverlap(a.words, b.words, idf);
  const title = weightedOverlap(a.title, b.title, idf);
  const ents = a.entities.size && b.entities.size ? jaccard(a.entities, b.entities) : 0;
  const regions = a.regions.size && b.regions.size ? jaccard(a.regions, b.regions) : 0;
  let score = 0.3 * text + 0.2 * title + 0.35 * ents + 0.15 * regions;
  if (a.regions.size && b.regions.size && regions === 0) score *= 0.3;
  if (a.eventType !== b.eventType) score *= 0.5;
  return score;
}
