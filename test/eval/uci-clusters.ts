// Story clustering measured on the UCI News Aggregator story clusters (Gasparetti 2016): 6,366
// real headlines in 87 gold stories, fed in timestamp order through the same analyze → features
// → ClusterIndex steps ingest uses, titles only (no bodies, so harder than real ingestion).
// Run directly: npx tsx test/eval/uci-clusters.ts [--limit N]
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeStory, leadOf } from '../../src/analyze/analyze.js';
import { ClusterIndex } from '../../src/cluster/cluster-index.js';
import { storyFeatures, type StoryFeatures } from '../../src/cluster/features.js';
import { loadKnowledge } from '../../src/pipeline/knowledge-files.js';
import { corporaDir, hasCorpora } from '../helpers/corpora.js';
import { bcubed, pairwise, selfTestMetrics, type Prf } from './cluster-metrics.js';

const csvPath = resolve(corporaDir, 'uci-news-clusters/uci-news-aggregator.csv');

export interface UciItem { id: string; title: string; url: string; publisher: string; category: string; story: string; time: number }

/** A predicted cluster that mixes gold stories: its size and its biggest gold parts. */
export interface MergedCluster { id: number; size: number; goldStories: number; top: { story: string; count: number; title: string }[] }
/** A gold story spread over several predicted clusters. */
export interface SplitStory { story: string; category: string; title: string; size: number; pieces: number; largestPiece: number; singletons: number }

export interface UciResult {
  items: number;
  goldClusters: number;
  predClusters: number;
  bcubed: Prf;
  pairwise: Prf;
  /** analyze + features + match + add, per item; CSV reading and knowledge loading excluded. */
  storiesPerSecond: number;
  largestPredicted: MergedCluster[];
  mostSplit: SplitStory[];
  /** Predicted clusters of one item, and predicted clusters holding more than one gold category. */
  singletonClusters: number;
  crossCategoryClusters: number;
  /** B-cubed within each gold category (b business, t tech, e entertainment, m health). */
  byCategory: { category: string; items: number; bcubed: Prf }[];
  /**
   * B-cubed with the items in a seeded random order. In the corpus each gold story arrives as one
   * burst (its items' crawl times are seconds apart); real feeds interleave many events, so this
   * is the figure that says whether a change relies on the bursts. The timestamps are kept (the
   * corpus spans 36 hours, inside the time window).
   */
  interleaved: Prf;
}

/** RFC 4180: comma-separated, fields optionally in double quotes, `""` is a quote inside one; CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch !== '"') field += ch;
      else if (text[i + 1] === '"') { field += '"'; i++; }
      else quoted = false;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      rows.push(row); row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

const header = ['ID', 'TITLE', 'URL', 'PUBLISHER', 'CATEGORY', 'STORY', 'HOSTNAME', 'TIMESTAMP'];

/** The corpus in timestamp order (ties by ID, so the order is the same on every run). */
export function readUciItems(path = csvPath): UciItem[] {
  const [head, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  if (head?.join(',') !== header.join(',')) throw new Error(`unexpected header in ${path}: ${head?.join(',')}`);
  const items = rows.map((r, n) => {
    if (r.length !== header.length) throw new Error(`${path}: row ${n + 2} has ${r.length} fields, expected ${header.length}`);
    const [id, title, url, publisher, category, story, , ts] = r as [string, string, string, string, string, string, string, string];
    const time = Number(ts);
    if (!Number.isFinite(time)) throw new Error(`${path}: row ${n + 2} has a bad TIMESTAMP ${ts}`);
    return { id, title, url, publisher, category, story, time };
  });
  return items.sort((a, b) => a.time - b.time || Number(a.id) - Number(b.id));
}

/**
 * Clusters the items exactly as ingest does (title only, empty body), in the order given; returns
 * item id → cluster id, and each item's features for another pass.
 */
export function clusterItems(items: UciItem[], known?: Map<string, StoryFeatures>): { pred: Map<string, number>; seconds: number; features: Map<string, StoryFeatures> } {
  // Loaded (before the clock starts) only when some item still needs analysing.
  const knowledge = items.some((i) => !known?.has(i.id)) ? loadKnowledge() : undefined;
  const index = new ClusterIndex();
  const pred = new Map<string, number>();
  const features = new Map<string, StoryFeatures>();
  let nextId = 1;
  const started = performance.now();
  for (const item of items) {
    let f = known?.get(item.id);
    if (!f) {
      const analysis = analyzeStory(knowledge!, { title: item.title, body: '' });
      f = storyFeatures(item.title, leadOf(''), analysis, new Date(item.time).toISOString(), item.url);
    }
    features.set(item.id, f);
    const m = index.findMatch(f);
    const id = m ? m.id : nextId++;
    index.add(id, f);
    pred.set(item.id, id);
  }
  return { pred, seconds: (performance.now() - started) / 1000, features };
}

/** The same items in a fixed pseudo-random order (Fisher–Yates with a small seeded generator). */
export function shuffled<T>(xs: T[], seed = 7): T[] {
  const out = [...xs];
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function groupBy<K>(items: UciItem[], key: (i: UciItem) => K): Map<K, UciItem[]> {
  const groups = new Map<K, UciItem[]>();
  for (const i of items) {
    const k = key(i);
    const g = groups.get(k);
    if (g) g.push(i); else groups.set(k, [i]);
  }
  return groups;
}

const countBy = (xs: string[]): [string, number][] => {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]);
};

/** Clusters the corpus and scores it; null (with a note) when the corpora are not present. */
export async function runUciEval(opts: { limit?: number } = {}): Promise<UciResult | null> {
  if (!hasCorpora || !existsSync(csvPath)) {
    console.log(`corpora not found at ${hasCorpora ? csvPath : corporaDir}, skipping`);
    return null;
  }
  selfTestMetrics();
  let items = readUciItems();
  if (opts.limit !== undefined) items = items.slice(0, opts.limit);
  const { pred, seconds, features } = clusterItems(items);
  const gold = new Map(items.map((i) => [i.id, i.story]));
  const interleaved = bcubed(clusterItems(shuffled(items), features).pred, gold);

  // The earliest headline names a gold story well enough for a human reading the report.
  const byStory = groupBy(items, (i) => i.story);
  const storyTitle = (s: string) => byStory.get(s)?.[0]?.title ?? s;
  const byPred = groupBy(items, (i) => pred.get(i.id)!);

  const largestPredicted = [...byPred].sort((a, b) => b[1].length - a[1].length).slice(0, 5).map(([id, members]) => {
    const stories = countBy(members.map((i) => i.story));
    return { id, size: members.length, goldStories: stories.length, top: stories.slice(0, 3).map(([story, count]) => ({ story, count, title: storyTitle(story) })) };
  });
  const mostSplit = [...byStory].map(([story, members]) => {
    const pieces = countBy(members.map((i) => String(pred.get(i.id))));
    return {
      story, category: members[0]!.category, title: storyTitle(story), size: members.length, pieces: pieces.length,
      largestPiece: pieces[0]![1], singletons: pieces.filter(([p]) => byPred.get(Number(p))!.length === 1).length,
    };
  }).sort((a, b) => b.pieces - a.pieces || b.size - a.size).slice(0, 5);

  return {
    items: items.length, goldClusters: byStory.size, predClusters: byPred.size,
    bcubed: bcubed(pred, gold), pairwise: pairwise(pred, gold), storiesPerSecond: items.length / seconds,
    largestPredicted, mostSplit,
    singletonClusters: [...byPred.values()].filter((m) => m.length === 1).length,
    crossCategoryClusters: [...byPred.values()].filter((m) => new Set(m.map((i) => i.category)).size > 1).length,
    byCategory: [...groupBy(items, (i) => i.category)].sort((a, b) => a[0].localeCompare(b[0])).map(([category, members]) => ({
      category, items: members.length,
      bcubed: bcubed(new Map(members.map((i) => [i.id, pred.get(i.id)!])), new Map(members.map((i) => [i.id, i.story]))),
    })),
    interleaved,
  };
}

const fmt = (x: number) => x.toFixed(3);
const clip = (s: string, n = 70) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const prf = (x: Prf) => `P ${fmt(x.precision)}  R ${fmt(x.recall)}  F1 ${fmt(x.f1)}`;

/** The human report: headline figures, then where the errors are (over-merging, then splitting). */
export function formatUciReport(r: UciResult): string {
  const lines = [
    `UCI news story clusters, titles only (${r.items} items, ${r.goldClusters} gold stories → ${r.predClusters} predicted clusters, ` +
      `${r.singletonClusters} of them singletons, ${r.crossCategoryClusters} spanning gold categories)`,
    `  B-cubed   ${prf(r.bcubed)}`,
    `  pairwise  ${prf(r.pairwise)}`,
    `  B-cubed F1 by gold category: ${r.byCategory.map((c) => `${c.category} ${fmt(c.bcubed.f1)} (${c.items})`).join(', ')}`,
    `  B-cubed with the items interleaved (seeded shuffle, not one burst per story): ${prf(r.interleaved)}`,
    `  ${r.storiesPerSecond.toFixed(0)} items/s (analyze + features + match + add)`,
    '  largest predicted clusters (over-merging shows as many gold stories):',
    ...r.largestPredicted.flatMap((c) => [
      `    #${c.id}: ${c.size} items from ${c.goldStories} gold stor${c.goldStories === 1 ? 'y' : 'ies'}`,
      ...c.top.map((t) => `      ${String(t.count).padStart(4)} × ${clip(t.title)}`),
    ]),
    '  gold stories split into the most predicted clusters:',
    ...r.mostSplit.map((s) =>
      `    ${String(s.pieces).padStart(4)} pieces (${s.singletons} singletons, largest ${s.largestPiece} of ${s.size}) [${s.category}] ${clip(s.title)}`),
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--limit');
  const limit = i > 0 ? Number(process.argv[i + 1]) : undefined;
  const r = await runUciEval(limit !== undefined && Number.isFinite(limit) ? { limit } : {});
  if (r) console.log(formatUciReport(r));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
