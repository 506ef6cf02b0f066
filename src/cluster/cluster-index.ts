// An in-memory inverted index of recent signals, so a new story is compared only with signals
// that share a word or an entity with it, never with the whole database.
import { jaccard, type StoryFeatures } from './features.js';

export interface ClusterOptions { windowMs: number; threshold: number }
export const defaultClusterOptions: ClusterOptions = { windowMs: 4 * 86_400_000, threshold: 0.3 };

interface Entry { id: number; f: StoryFeatures }

export class ClusterIndex {
  private readonly entries = new Map<number, Entry>();
  private readonly postings = new Map<string, Set<number>>();
  constructor(private readonly opts: ClusterOptions = defaultClusterOptions) {}

  get size(): number { return this.entries.size; }

  /** Records a signal (or widens it with a story that joined it). */
  add(id: number, f: StoryFeatures): void {
    const prev = this.entries.get(id);
    const merged: StoryFeatures = prev
      ? { title: new Set([...prev.f.title, ...f.title]), lead: new Set([...prev.f.lead, ...f.lead]), entities: new Set([...prev.f.entities, ...f.entities]), eventType: prev.f.eventType, time: Math.max(prev.f.time, f.time) }
      : f;
    this.entries.set(id, { id, f: merged });
    for (const key of keys(merged)) {
      let set = this.postings.get(key);
      if (!set) this.postings.set(key, (set = new Set()));
      set.add(id);
    }
  }

  /** The best signal this story belongs to, or null when it starts a new one. */
  findMatch(f: StoryFeatures): { id: number; score: number } | null {
    const seen = new Set<number>();
    let best: { id: number; score: number } | null = null;
    for (const key of keys(f)) {
      const ids = this.postings.get(key);
      if (!ids || ids.size > 500) continue; // a word every signal shares tells nothing
      for (const id of ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        const e = this.entries.get(id);
        if (!e || Math.abs(e.f.time - f.time) > this.opts.windowMs) continue;
        const s = similarity(f, e.f);
        if (s >= this.opts.threshold && (!best || s > best.score)) best = { id, score: s };
      }
    }
    return best;
  }

  clear(): void {
    this.entries.clear();
    this.postings.clear();
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

/**
 * Title words carry most of the evidence, entities and lead words the rest; a different event
 * type halves the score so two kinds of news about one company stay apart.
 */
export function similarity(a: StoryFeatures, b: StoryFeatures): number {
  const words = jaccard(a.title, b.title);
  const lead = jaccard(new Set([...a.title, ...a.lead]), new Set([...b.title, ...b.lead]));
  const ents = a.entities.size && b.entities.size ? jaccard(a.entities, b.entities) : 0;
  const score = 0.45 * words + 0.25 * lead + 0.3 * ents;
  return a.eventType === b.eventType ? score : score * 0.5;
}
