// Trains the relevance model (src/analyze/relevance.ts) and writes
// feeds/knowledge/relevance-words.json. Policy: the labelled set and the first messy batch.
// Off-topic: the first off-topic batch. Both: the extraction benchmark's pages as labelled
// (when ../shared/corpora is there). The later batches, the held-out set and the UCI headlines
// are never trained on: they measure it (npm run eval).
// Run: npx tsx test/eval/train-relevance.ts [batch files to add, e.g. messy/batch-2.jsonl]
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLabelled } from './labelled-eval.js';
import { extractionPages, loadBatch, type RelevanceItem } from './relevance-sets.js';
import { knowledgeDir } from '../../src/pipeline/knowledge-files.js';
import { countWords } from '../../src/analyze/word-model.js';
import { loadKnowledge } from '../../src/pipeline/knowledge-files.js';
import { relevanceInput } from '../../src/analyze/analyze.js';

export const trainingBatches = ['messy/batch-1.jsonl', 'offtopic/batch-1.jsonl', 'offtopic/train-4.jsonl', 'offtopic/train-5.jsonl'];

export function trainingItems(extra: string[] = []): RelevanceItem[] {
  const labelled = loadLabelled().map((s) => ({ id: s.id, title: s.title, body: s.body, relevant: true }));
  return [...labelled, ...[...trainingBatches, ...extra].flatMap((b) => loadBatch(b)), ...extractionPages()];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const k = loadKnowledge();
  const items = trainingItems(process.argv.slice(2));
  const counts = countWords(items.map((i) => ({ type: i.relevant ? 'policy' : 'offtopic', words: relevanceInput(k, i.title, i.body) })),
    `test/eval/labelled (${loadLabelled().length}), ${[...trainingBatches, ...process.argv.slice(2)].join(', ')}, extraction-benchmark pages as labelled: ${items.filter((i) => i.relevant).length} policy, ${items.filter((i) => !i.relevant).length} off-topic`);
  const path = join(knowledgeDir, 'relevance-words.json');
  writeFileSync(path, `${JSON.stringify(counts)}\n`);
  console.log(`wrote ${path}: ${counts.trainedOn}`);
}
