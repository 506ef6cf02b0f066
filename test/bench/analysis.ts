// Analysis speed on one core: the rule analysis (entities, roles, event type, regions, impacts)
// over the labelled stories, against the floor of only splitting the same text into words.
import { loadLabelled } from '../eval/labelled-eval.js';
import { loadKnowledge } from '../../src/pipeline/knowledge-files.js';
import { analyzeStory } from '../../src/analyze/analyze.js';
import { wordsOf } from '../../src/analyze/knowledge.js';

export function runAnalysisBench(rounds = 40) {
  const k = loadKnowledge();
  const stories = loadLabelled();
  for (const s of stories) analyzeStory(k, { title: s.title, body: s.body }); // warm-up
  let t = performance.now();
  for (let r = 0; r < rounds; r++) for (const s of stories) analyzeStory(k, { title: s.title, body: s.body });
  const ms = performance.now() - t;
  let words = 0;
  t = performance.now();
  for (let r = 0; r < rounds; r++) for (const s of stories) words += wordsOf(`${s.title}\n${s.body}`).length;
  const floorMs = performance.now() - t;
  const n = rounds * stories.length;
  return { stories: n, perSecond: n / (ms / 1000), floorPerSecond: n / (floorMs / 1000), words };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(runAnalysisBench());
