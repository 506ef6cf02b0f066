// The relevance gate's figures: the share of policy stories kept and of off-topic stories
// dropped, per set, and on the UCI headlines (labelled by story) title by title.
import { loadKnowledge } from '../../src/pipeline/knowledge-files.js';
import { analyzeStory } from '../../src/analyze/analyze.js';
import { loadBatch, uciStories, type RelevanceItem } from './relevance-sets.js';

export interface GateFigures { set: string; items: number; right: number; share: number; wrong: string[] }

/** How many of a set's items the gate judges as labelled (kept when policy, dropped when off-topic). */
export function gateFigures(set: string, items: RelevanceItem[]): GateFigures {
  const k = loadKnowledge();
  const wrong: string[] = [];
  let right = 0;
  for (const i of items) {
    const a = analyzeStory(k, { title: i.title, body: i.body });
    if (a.relevant === i.relevant) right++;
    else wrong.push(`${i.id} (${a.relevance.toFixed(2)}) ${i.title.slice(0, 70)}`);
  }
  return { set, items: items.length, right, share: right / (items.length || 1), wrong };
}

/** UCI: every headline judged alone (titles only), scored against its story's label. */
export function uciGate() {
  const k = loadKnowledge();
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const s of uciStories()) for (const title of s.titles) {
    const kept = analyzeStory(k, { title, body: '' }).relevant;
    if (kept && s.relevant) tp++; else if (kept) fp++; else if (s.relevant) fn++; else tn++;
  }
  const titles = tp + fp + fn + tn;
  return { titles, policyKept: tp / (tp + fn || 1), offtopicDropped: tn / (tn + fp || 1), precision: tp / (tp + fp || 1), policyTitles: tp + fn };
}

export const offtopicBatches = ['offtopic/batch-1.jsonl', 'offtopic/batch-2.jsonl', 'offtopic/batch-3.jsonl', 'offtopic/batch-6.jsonl'];
export const messyBatches = ['messy/batch-1.jsonl', 'messy/batch-2.jsonl', 'messy/batch-3.jsonl', 'messy/batch-4.jsonl'];

if (import.meta.url === `file://${process.argv[1]}`) {
  const verbose = process.argv.includes('-v');
  const { loadLabelled } = await import('./labelled-eval.js');
  for (const dir of ['test/eval/labelled', 'test/eval/heldout']) {
    const f = gateFigures(dir, loadLabelled(dir).map((s) => ({ id: s.id, title: s.title, body: s.body, relevant: true })));
    console.log(`${dir}: ${f.right}/${f.items} = ${f.share.toFixed(3)}`);
    if (verbose) for (const w of f.wrong) console.log(`   ${w}`);
  }
  for (const b of [...messyBatches, ...offtopicBatches]) {
    const items = loadBatch(b);
    if (!items.length) continue;
    const f = gateFigures(b, items);
    console.log(`${b}: ${f.right}/${f.items} = ${f.share.toFixed(3)}`);
    if (verbose) for (const w of f.wrong) console.log(`   ${w}`);
  }
  console.log(uciGate());
}
